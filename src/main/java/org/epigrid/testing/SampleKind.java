package org.epigrid.testing;

/** Kind of test. */
public enum SampleKind {

	PCR, ANTIGEN

}
