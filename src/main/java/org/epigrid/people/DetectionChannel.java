package org.epigrid.people;

/** How a returnee came to the centre's notice (落地查人). */
public enum DetectionChannel {

	GRID_CANVASS, DATA_PUSH, STATION_CHECK, SELF_REPORT

}
