package org.epigrid.support;

/** Kinds of business-rule refusals. */
public enum ErrorCode {

	/** A value is out of range or malformed. */
	INVALID_VALUE,
	/** A referenced record does not exist. */
	NOT_FOUND,
	/** A record with the same unique key exists. */
	DUPLICATE,
	/** The record was changed by someone else since it was read (optimistic lock). */
	CONFLICT,
	/** The state machine does not allow this step from the current state. */
	ILLEGAL_TRANSITION,
	/** A rule of the practice forbids this now (e.g. release without negative tests). */
	RULE_VIOLATED,
	/** Not enough stock on hand. */
	INSUFFICIENT_STOCK,
	/** A site, room or pool is full. */
	CAPACITY_EXCEEDED,
	/** The record is outside the area (or laboratory) of the caller's key. */
	FORBIDDEN

}
