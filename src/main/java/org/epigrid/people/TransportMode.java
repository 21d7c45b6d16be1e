package org.epigrid.people;

/** How a traveller arrived. */
public enum TransportMode {

	TRAIN, FLIGHT, COACH, CAR, SHIP, OTHER

}
