package org.epigrid.testing;

/** What a sample was taken from: exactly one of person, cold-chain batch, site. */
public enum SampleSubject {

	PERSON, COLD_CHAIN_BATCH, ENVIRONMENT

}
