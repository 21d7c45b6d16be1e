package org.epigrid.access;

/** Fixed roles of API keys and tokens; see the access matrix in the README. */
public enum Role {

	/** Everything, including key management and the audit log. */
	ADMIN,
	/** All data and all writes, no key management or audit log. */
	COMMAND_CENTER,
	/** Reads and writes within the key's area subtree (grid and district staff). */
	AREA_OFFICER,
	/** Samples, pools and results of its lab (the key's area). */
	LAB,
	/** Supplies within the key's area. */
	SUPPLY_OFFICER,
	/** Aggregates and pseudonymous records: no names, ID numbers or phones. */
	ANALYST,
	/** Aggregates only, for public front-ends. */
	PARTNER;

	/**
	 * Whether a key of this role that names an area is limited to that area's subtree
	 * (every role but ADMIN and COMMAND_CENTER, which always see the whole city).
	 */
	boolean scoped() {
		return this != ADMIN && this != COMMAND_CENTER;
	}

	/** Whether a bearer token of this role must name its area. */
	boolean needsArea() {
		return this == AREA_OFFICER || this == LAB || this == SUPPLY_OFFICER;
	}

}
