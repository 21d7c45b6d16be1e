package org.epigrid.places;

/** Risk level of an area, in increasing order of risk. */
public enum RiskLevel {

	NONE, LOW, MEDIUM, HIGH

}
