package org.epigrid.people;

/** Why a control measure was assigned. */
public enum ControlMeasureReason {

	CLOSE_CONTACT, SECONDARY_CONTACT, RETURNEE_HIGH_RISK, RETURNEE_MEDIUM_RISK, INBOUND_TRAVEL, CONFIRMED_CASE,
	ASYMPTOMATIC_CASE, OTHER

}
