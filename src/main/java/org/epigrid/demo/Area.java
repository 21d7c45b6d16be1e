package org.epigrid.demo;

import java.util.ArrayList;
import java.util.List;

/** A place of the demo city, before it becomes a {@code place} row. */
final class Area {

	final long id;

	final String code;

	final String name;

	final String level;

	final Area parent;

	/** Index of the county it lies in (0 for the city itself). */
	final int county;

	final boolean rural;

	final double latitude;

	final double longitude;

	final List<Area> children = new ArrayList<>();

	/** Index among the places of its level. */
	final int index;

	/**
	 * Grids only: residents are people
	 * {@code firstPerson .. firstPerson + residents - 1}.
	 */
	int firstPerson;

	int residents;

	long population;

	Area(long id, String code, String name, String level, Area parent, int county, boolean rural, double latitude,
			double longitude, int index) {
		this.id = id;
		this.code = code;
		this.name = name;
		this.level = level;
		this.parent = parent;
		this.county = county;
		this.rural = rural;
		this.latitude = latitude;
		this.longitude = longitude;
		this.index = index;
		if (parent != null) {
			parent.children.add(this);
		}
	}

	Area up(String level) {
		Area area = this;
		while (area != null && !area.level.equals(level)) {
			area = area.parent;
		}
		return area;
	}

	/** Full name from the county down, as in an address. */
	String fullName() {
		StringBuilder name = new StringBuilder();
		for (Area area = this; area != null && !area.level.equals("CITY"); area = area.parent) {
			name.insert(0, area.name);
		}
		return name.toString();
	}

}
