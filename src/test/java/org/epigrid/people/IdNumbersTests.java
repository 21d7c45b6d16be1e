package org.epigrid.people;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.epigrid.support.UserError;

import static org.assertj.core.api.Assertions.assertThat;

/** The GB 11643 rules on their own, with the standard's published example. */
class IdNumbersTests {

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

	@Test
	void readsTheStandardsExample() {
		List<UserError> errors = new ArrayList<>();
		IdNumbers.Holder holder = IdNumbers.parse("11010519491231002x", TODAY, errors, "input.idNumber");
		assertThat(errors).isEmpty();
		assertThat(holder.idNumber()).isEqualTo("11010519491231002X");
		assertThat(holder.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
		assertThat(holder.sex()).isEqualTo(Sex.FEMALE);
		assertThat(holder.toString()).doesNotContain("110105");
	}

	@Test
	void refusesAWrongCheckCharacterABadDateAndABadFormat() {
		for (String idNumber : List.of("110105194912310021", "110105194913310021", "11010519491231002",
				"1101051949123100XX", " ")) {
			List<UserError> errors = new ArrayList<>();
			assertThat(IdNumbers.parse(idNumber, TODAY, errors, "input.idNumber")).as(idNumber).isNull();
			assertThat(errors).as(idNumber).singleElement().satisfies((error) -> {
				assertThat(error.field()).isEqualTo("input.idNumber");
				assertThat(error.message()).doesNotContain(idNumber.strip().isEmpty() ? "\u0000" : idNumber);
			});
		}
	}

}
