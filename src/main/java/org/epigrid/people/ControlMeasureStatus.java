package org.epigrid.people;

/**
 * States of a control measure (接转-入住-解除): ASSIGNED › TRANSFERRING › CHECKED_IN ›
 * RELEASED, or CANCELLED.
 */
public enum ControlMeasureStatus {

	ASSIGNED, TRANSFERRING, CHECKED_IN, RELEASED, CANCELLED

}
