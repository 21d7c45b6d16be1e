package org.epigrid.reporting;

/** How serious an inspection finding is. */
public enum InspectionSeverity {

	MINOR, MAJOR, CRITICAL

}
