package org.epigrid.support;

/**
 * The request cannot be answered as asked: a malformed id or cursor, a page too large.
 */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}

}
