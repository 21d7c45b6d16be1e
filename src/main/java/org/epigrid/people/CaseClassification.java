package org.epigrid.people;

/** Classification of a reported case. */
public enum CaseClassification {

	SUSPECTED, CONFIRMED, ASYMPTOMATIC, EXCLUDED

}
