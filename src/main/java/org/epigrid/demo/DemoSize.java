package org.epigrid.demo;

/** The demo data sets. */
public enum DemoSize {

	/** Nothing. */
	NONE(null),

	/**
	 * About 3,600 people and 40,000 samples: loads in seconds; the default of a new
	 * embedded database.
	 */
	SMALL(new Shape(3, 2, 3, 2, 100)),

	/**
	 * About 1.1 million people, 11 million samples and 2.4 million vaccinations (16
	 * million rows), on request.
	 */
	CITY(new Shape(10, 8, 6, 3, 780));

	private final Shape shape;

	DemoSize(Shape shape) {
		this.shape = shape;
	}

	Shape shape() {
		return this.shape;
	}

	/** Counts of the place hierarchy, and average residents per grid. */
	record Shape(int counties, int townshipsPerCounty, int communitiesPerTownship, int gridsPerCommunity,
			int peoplePerGrid) {
	}

}
