package org.epigrid.testing;

/** Formats the batch checks share (POSIX regular expressions, bound as parameters). */
final class Patterns {

	/** Barcodes of samples and pools, as the table constraints require. */
	static final String BARCODE = "^[A-Z0-9-]{6,32}$";

	/**
	 * An ISO-8601 date and time with an explicit offset (a bare local time is ambiguous).
	 */
	static final String TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$";

	private Patterns() {
	}

}
