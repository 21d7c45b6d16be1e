package org.epigrid.demo;

/** A site of the demo city, before it becomes a {@code site} row. */
final class Venue {

	final long id;

	/** Position among the sites of the city. */
	final int index;

	final String type;

	final String name;

	/** The grid it lies in. */
	final Area grid;

	final String venueCode;

	final String address;

	int rooms = -1;

	int beds = -1;

	int capacity = -1;

	String status = "ACTIVE";

	/** Testing sites, hospitals and fever clinics: the lab their samples go to. */
	Venue lab;

	Venue(long id, int index, String type, String name, Area grid, String venueCode, String address) {
		this.id = id;
		this.index = index;
		this.type = type;
		this.name = name;
		this.grid = grid;
		this.venueCode = venueCode;
		this.address = address;
	}

	int county() {
		return this.grid.county;
	}

}
