package org.epigrid.support;

/** The request names a record that does not exist. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

	public static NotFoundException of(String type, String id) {
		return new NotFoundException("no " + type + " with id '" + id + "'");
	}

}
