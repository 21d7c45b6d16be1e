package org.epigrid.access;

/** The caller's role or area does not allow this; becomes a FORBIDDEN GraphQL error. */
public class Forbidden extends RuntimeException {

	public Forbidden(String message) {
		super(message, null, false, false);
	}

}
