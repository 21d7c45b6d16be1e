package org.epigrid.people;

/** Levels of the three-level case review, in the order they review. */
enum ReviewLevel {

	COUNTY, CITY, PROVINCE

}
