package org.epigrid.people;

/** Kinds of control measure. */
public enum ControlMeasureKind {

	CENTRALIZED_QUARANTINE, HOME_QUARANTINE, HOME_HEALTH_MONITORING, HOSPITAL_ISOLATION

}
