package org.epigrid.places;

/** Operating status of a site. */
public enum SiteStatus {

	ACTIVE, SUSPENDED, CLOSED

}
