package org.epigrid.testing;

/** Result of a test. */
public enum SampleResult {

	NEGATIVE, POSITIVE, INVALID

}
