package org.epigrid.people;

/** Degree of a contact (密接/次密接). */
public enum ContactDegree {

	CLOSE, SECONDARY

}
