package org.epigrid.people;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.PERSON;

/** The {@code PersonFilter} input. */
record PersonFilter(@Nullable String area, @Nullable List<PersonCategory> categories,
		@Nullable List<HealthCodeColour> healthCodes, @Nullable String nameStartsWith,
		@Nullable String idNumberStartsWith) {

	static final PersonFilter NONE = new PersonFilter(null, null, null, null, null);

	private static final char ESCAPE = '!';

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			conditions.add(Areas.within(PERSON.RESIDENCE_PLACE_ID, GlobalId.decode(this.area, "Place")));
		}
		if (this.categories != null) {
			// && on text[]: served by the GIN index person_categories_gin
			conditions.add(DSL.arrayOverlap(PERSON.CATEGORIES,
					this.categories.stream().map(Enum::name).toArray(String[]::new)));
		}
		if (this.healthCodes != null) {
			conditions.add(PERSON.HEALTH_CODE.in(this.healthCodes.stream().map(Enum::name).toList()));
		}
		if (this.nameStartsWith != null && !this.nameStartsWith.isEmpty()) {
			conditions.add(PERSON.FULL_NAME.like(prefixPattern(this.nameStartsWith), ESCAPE));
		}
		if (this.idNumberStartsWith != null && !this.idNumberStartsWith.isEmpty()) {
			conditions.add(PERSON.ID_NUMBER.like(prefixPattern(this.idNumberStartsWith), ESCAPE));
		}
		return DSL.and(conditions);
	}

	/**
	 * {@code LIKE 'prefix%'} with the prefix's own wildcards escaped: a left-anchored
	 * pattern that the text_pattern_ops indexes answer.
	 */
	static String prefixPattern(String prefix) {
		StringBuilder pattern = new StringBuilder(prefix.length() + 1);
		for (char c : prefix.toCharArray()) {
			if (c == ESCAPE || c == '%' || c == '_') {
				pattern.append(ESCAPE);
			}
			pattern.append(c);
		}
		return pattern.append('%').toString();
	}

	/** Name and ID-number prefixes are personal data: never in logs. */
	@Override
	public String toString() {
		return "PersonFilter[area=" + this.area + ", categories=" + this.categories + ", healthCodes="
				+ this.healthCodes + ", nameStartsWith=" + ((this.nameStartsWith != null) ? "***" : null)
				+ ", idNumberStartsWith=" + ((this.idNumberStartsWith != null) ? "***" : null) + "]";
	}

}
