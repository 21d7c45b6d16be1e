package org.epigrid.testing;

import org.jspecify.annotations.Nullable;

import org.epigrid.access.Caller;
import org.epigrid.access.Role;

/**
 * Which rows a batch of samples or results may record, checked in the batch's one CHECK
 * statement: everything, or only what belongs to an area. By collection (AREA_OFFICER): a
 * sample collected at a site in the area (without a site: of a resident of the area); a
 * result of a sample placed or collected in the area (a pool collected there). By
 * laboratory (LAB): a sample going to a laboratory in the area; a result of a sample or
 * pool received at one. Rows outside are rejected with FORBIDDEN; the others apply.
 *
 * @param area the area (a place id, its subtree counts); null = everything
 * @param byLab whether the area's laboratories decide (LAB keys) rather than collection
 */
record IngestScope(@Nullable Long area, boolean byLab) {

	static final IngestScope EVERYTHING = new IngestScope(null, false);

	/** The scope of an authenticated caller (unscoped keys may record everything). */
	static IngestScope of(@Nullable Caller caller) {
		if (caller == null || !caller.scoped()) {
			return EVERYTHING;
		}
		return new IngestScope(caller.area(), caller.role() == Role.LAB);
	}

	/**
	 * {@code AREA}, {@code LAB} or null (everything), as the CHECK statements bind it.
	 */
	@Nullable String mode() {
		if (this.area == null) {
			return null;
		}
		return this.byLab ? "LAB" : "AREA";
	}

}
