package org.epigrid.testing;

/** Where a test task stands. */
public enum TestTaskStatus {

	OPEN, DONE, CANCELLED

}
