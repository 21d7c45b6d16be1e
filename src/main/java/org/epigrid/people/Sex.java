package org.epigrid.people;

/** Sex recorded on the ID card. */
public enum Sex {

	MALE, FEMALE

}
