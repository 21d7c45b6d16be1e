package org.epigrid.analytics;

import java.util.regex.Pattern;

import org.jooq.impl.DSL;

import org.epigrid.places.PlaceLevel;

/**
 * The place an analytics query is scoped to: it and everything below it.
 *
 * @param id the place id
 * @param level its level
 * @param path its materialized path (ltree of division codes)
 */
record Area(long id, PlaceLevel level, String path) {

	private static final Pattern PATH = Pattern.compile("[0-9]+(\\.[0-9]+)*");

	Area {
		if (!PATH.matcher(path).matches()) {
			throw new IllegalArgumentException("not a place path: " + path);
		}
	}

	/** Whether the hourly sample rollup has rows for places of this level. */
	boolean rolledUp() {
		return this.level == PlaceLevel.CITY || this.level == PlaceLevel.COUNTY || this.level == PlaceLevel.TOWNSHIP;
	}

	/**
	 * The places of the subtree as a subquery. The path goes in as a literal so that the
	 * planner estimates the subtree's size from the statistics of {@code place.path} (a
	 * bound parameter would be guessed at a fixed fraction, 61 places for any area).
	 */
	String subtree() {
		return "(SELECT id FROM place WHERE path <@ " + pathLiteral() + ")";
	}

	/** Number of labels of the path: 1 for a city. */
	int depth() {
		return this.path.split("\\.").length;
	}

	/** {@code '910000.910101'::ltree}. */
	String pathLiteral() {
		return DSL.inline(this.path).toString() + "::ltree";
	}

}
