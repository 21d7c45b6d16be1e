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

	/** Whether keys of this role are limited to their area subtree. */
	boolean scoped() {
		return this == AREA_OFFICER || this == LAB || this == SUPPLY_OFFICER;
	}

}
