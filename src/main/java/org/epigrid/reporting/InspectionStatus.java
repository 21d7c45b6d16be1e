package org.epigrid.reporting;

/** Where the rectification (整改) of a finding stands: OPEN › RECTIFIED › VERIFIED. */
public enum InspectionStatus {

	OPEN, RECTIFIED, VERIFIED

}
