package org.epigrid.people;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.ErrorCode;
import org.epigrid.support.UserError;

/**
 * Resident ID numbers (GB 11643): 6-digit region, 8-digit birth date, 3-digit serial (odd
 * for men), and a check character over the first 17 digits. Error messages never contain
 * the number itself.
 */
final class IdNumbers {

	private static final Pattern FORMAT = Pattern.compile("[0-9]{17}[0-9X]");

	private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	private static final String CHECK_CHARACTERS = "10X98765432";

	private IdNumbers() {
	}

	/** What an ID number says about its holder. */
	record Holder(String idNumber, LocalDate birthDate, Sex sex) {

		@Override
		public String toString() {
			return "Holder[***]";
		}

	}

	/**
	 * Characters of an ID number stored in the clear: the division code where it was
	 * issued, which the prefix search uses (the rest is encrypted).
	 */
	static final int REGION_LENGTH = 6;

	/** Characters of a whole ID number. */
	static final int LENGTH = 18;

	/** The division code of a well-formed ID number: its first 6 characters. */
	static String region(String idNumber) {
		return idNumber.substring(0, REGION_LENGTH);
	}

	/** The check character for the first 17 digits. */
	static char checkCharacter(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK_CHARACTERS.charAt(sum % 11);
	}

	/**
	 * Parses an ID number (a lower-case x is read as X); on failure adds errors for
	 * {@code field} and returns null.
	 */
	static @Nullable Holder parse(String raw, LocalDate today, List<UserError> errors, String field) {
		String idNumber = raw.strip().toUpperCase(Locale.ROOT);
		if (!FORMAT.matcher(idNumber).matches()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"an ID number has 18 characters: 17 digits, then a digit or X", field));
			return null;
		}
		if (checkCharacter(idNumber) != idNumber.charAt(17)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"the ID number's check character is wrong; check the number for typing errors", field));
			return null;
		}
		LocalDate birthDate;
		try {
			birthDate = LocalDate.of(Integer.parseInt(idNumber.substring(6, 10)),
					Integer.parseInt(idNumber.substring(10, 12)), Integer.parseInt(idNumber.substring(12, 14)));
		}
		catch (DateTimeException ex) {
			birthDate = null;
		}
		if (birthDate == null || birthDate.getYear() < 1900 || birthDate.isAfter(today)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the ID number does not hold a valid birth date", field));
			return null;
		}
		Sex sex = ((idNumber.charAt(16) - '0') % 2 == 1) ? Sex.MALE : Sex.FEMALE;
		return new Holder(idNumber, birthDate, sex);
	}

}
