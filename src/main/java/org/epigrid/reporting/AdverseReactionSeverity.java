package org.epigrid.reporting;

/** How serious an adverse reaction after vaccination is. */
public enum AdverseReactionSeverity {

	MILD, MODERATE, SEVERE

}
