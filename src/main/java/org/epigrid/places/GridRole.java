package org.epigrid.places;

/** Roles of grid staff (三员一长). */
public enum GridRole {

	COMMANDER, INSTRUCTOR, MANAGER, PREVENTION_WORKER

}
