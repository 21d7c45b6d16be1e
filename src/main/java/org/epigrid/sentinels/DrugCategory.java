package org.epigrid.sentinels;

/** Drug categories whose sales are registered by real name (实名购药). */
public enum DrugCategory {

	ANTIPYRETIC, COUGH, ANTIVIRAL, ANTIBIOTIC

}
