package org.epigrid.people;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;
import org.epigrid.support.BadRequestException;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.PERSON;

/**
 * The {@code PersonFilter} input. ID numbers and phones are stored encrypted: a whole ID
 * number or phone is found by its keyed hash, an ID-number prefix only within the
 * division code kept in the clear.
 */
record PersonFilter(@Nullable String area, @Nullable List<PersonCategory> categories,
		@Nullable List<HealthCodeColour> healthCodes, @Nullable String nameStartsWith,
		@Nullable String idNumberStartsWith, @Nullable String phone) {

	static final PersonFilter NONE = new PersonFilter(null, null, null, null, null, null);

	/** Why a prefix between the division code and a whole number cannot be searched. */
	static final String ID_NUMBER_PREFIX_RULE = "idNumberStartsWith takes up to " + IdNumbers.REGION_LENGTH
			+ " characters (the division code) or a whole " + IdNumbers.LENGTH
			+ "-character ID number: the rest of an ID number is stored encrypted and cannot be searched by prefix";

	private static final char ESCAPE = '!';

	Condition toCondition(PersonalDataCipher cipher) {
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
		String idNumber = (this.idNumberStartsWith != null) ? PersonalField.ID_NUMBER.normalise(this.idNumberStartsWith)
				: "";
		if (idNumber.length() == IdNumbers.LENGTH) {
			conditions.add(PERSON.ID_NUMBER_HASH.eq(cipher.hash(PersonalField.ID_NUMBER, idNumber)));
		}
		else if (idNumber.length() > IdNumbers.REGION_LENGTH) {
			throw new BadRequestException(ID_NUMBER_PREFIX_RULE);
		}
		else if (!idNumber.isEmpty()) {
			conditions.add(PERSON.ID_NUMBER_REGION.like(prefixPattern(idNumber), ESCAPE));
		}
		if (this.phone != null && !this.phone.isBlank()) {
			conditions.add(PERSON.PHONE_HASH.eq(cipher.hash(PersonalField.PHONE, this.phone)));
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

	/** Names, ID numbers and phones are personal data: never in logs. */
	@Override
	public String toString() {
		return "PersonFilter[area=" + this.area + ", categories=" + this.categories + ", healthCodes="
				+ this.healthCodes + ", nameStartsWith=" + ((this.nameStartsWith != null) ? "***" : null)
				+ ", idNumberStartsWith=" + ((this.idNumberStartsWith != null) ? "***" : null) + ", phone="
				+ ((this.phone != null) ? "***" : null) + "]";
	}

}
