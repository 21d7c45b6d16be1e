package org.epigrid.analytics;

/** How urgent an alert is. */
public enum AlertSeverity {

	INFO, WARNING, CRITICAL

}
