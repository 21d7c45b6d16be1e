package org.epigrid.testing;

/** What raised a test task. */
public enum TestTaskSource {

	POOL_RETEST, INVALID_RESULT, RETURNEE, CLOSE_CONTACT, FEVER_CLINIC, DRUG_PURCHASE, MANUAL

}
