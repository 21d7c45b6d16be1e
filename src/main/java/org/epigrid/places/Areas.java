package org.epigrid.places;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

import static org.epigrid.jooq.Tables.PLACE;

/**
 * Area scoping for every feature: "in the subtree of this place" as a SQL condition on a
 * column that holds a place id. One indexed ltree lookup, never a join per row.
 */
public final class Areas {

	private Areas() {
	}

	/** {@code placeId} is the area itself or any place below it. */
	public static Condition within(Field<Long> placeId, long areaId) {
		return placeId.in(DSL.select(PLACE.ID).from(PLACE).where(subtreeOf(areaId)));
	}

	/** Rows of {@code place} in the subtree of the given place. */
	static Condition subtreeOf(long areaId) {
		return DSL.condition("{0} <@ ({1})", PLACE.PATH, DSL.select(PLACE.PATH).from(PLACE).where(PLACE.ID.eq(areaId)));
	}

}
