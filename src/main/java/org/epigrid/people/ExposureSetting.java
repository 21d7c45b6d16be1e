package org.epigrid.people;

/** Where an exposure happened. */
public enum ExposureSetting {

	HOUSEHOLD, WORKPLACE, TRANSPORT, SCHOOL, HEALTHCARE, SOCIAL, OTHER

}
