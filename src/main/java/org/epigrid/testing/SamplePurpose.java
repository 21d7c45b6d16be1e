package org.epigrid.testing;

/** Why a sample was taken (应检尽检). */
public enum SamplePurpose {

	ROUTINE, KEY_GROUP, MASS_TESTING, FEVER_CLINIC, QUARANTINE, CLOSE_CONTACT, RETURNEE, RETEST, DRUG_PURCHASE,
	COLD_CHAIN, ENVIRONMENT, HOSPITAL_ADMISSION

}
