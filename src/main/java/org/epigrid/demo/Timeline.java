package org.epigrid.demo;

/**
 * Times of the demo, as epoch seconds. Days are local days in China Standard Time (UTC+8,
 * no daylight saving); the database stores UTC.
 */
final class Timeline {

	static final long OFFSET = 8 * 3600;

	static final long HOUR = 3600;

	static final long DAY = 86400;

	/** The moment of loading: everything is in the past of it, or still pending. */
	final long now;

	/** Today's local day (epoch day). */
	final int today;

	Timeline(long now) {
		this.now = now;
		this.today = day(now);
	}

	/** A local time of day on a local day. */
	long at(long day, double localHour) {
		return day * DAY - OFFSET + Math.round(localHour * HOUR);
	}

	/** The local day of an instant. */
	static int day(long epochSecond) {
		return (int) Math.floorDiv(epochSecond + OFFSET, DAY);
	}

	static long hours(double hours) {
		return Math.round(hours * HOUR);
	}

	boolean past(long epochSecond) {
		return epochSecond <= this.now;
	}

	/** The time if it has happened, otherwise null. */
	long ifPast(long epochSecond) {
		return (epochSecond != TableWriter.NULL && epochSecond <= this.now) ? epochSecond : TableWriter.NULL;
	}

}
