package org.epigrid.places;

/** Levels of the place hierarchy, top down. */
public enum PlaceLevel {

	CITY, COUNTY, TOWNSHIP, COMMUNITY, GRID

}
