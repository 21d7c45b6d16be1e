package org.epigrid.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Times in uploads: what is read, as what, and what is refused. */
class PatternsTests {

	@Test
	void theCommonFormPassesAsGiven() {
		assertThat(Patterns.timeText("2026-11-29T08:00:00+08:00")).isEqualTo("2026-11-29T08:00:00+08:00");
		assertThat(Patterns.timeText(" 2026-11-29T08:00:00.123456Z ")).isEqualTo("2026-11-29T08:00:00.123456Z");
		assertThat(Patterns.timeText("2028-02-29T23:59:59-05:30")).isEqualTo("2028-02-29T23:59:59-05:30");
		// any second before Z (the offset's minutes are only read after + or -)
		assertThat(Patterns.timeText("2026-11-29T08:00:59Z")).isEqualTo("2026-11-29T08:00:59Z");
		assertThat(Patterns.timeText("2026-11-29T08:00:27.5Z")).isEqualTo("2026-11-29T08:00:27.5Z");
	}

	@Test
	void otherIsoFormsAreRewritten() {
		assertThat(Patterns.timeText("2026-11-29 08:00:00+08:00")).isEqualTo("2026-11-29T08:00:00.000000+08:00");
		assertThat(Patterns.timeText("2026-11-29T08:00+0800")).isEqualTo("2026-11-29T08:00:00.000000+08:00");
		assertThat(Patterns.timeText("2026-11-29T08:00:00.5+08")).isEqualTo("2026-11-29T08:00:00.500000+08:00");
		assertThat(Patterns.timeText("2026-11-29t08:00:00z")).isEqualTo("2026-11-29T08:00:00.000000Z");
	}

	@Test
	void timesThatCannotBeStoredAsGivenAreRefused() {
		assertThat(Patterns.timeText("2026-11-29T08:00:00")).as("no offset").isNull();
		assertThat(Patterns.timeText("2026-11-29")).as("no time").isNull();
		assertThat(Patterns.timeText("2026-02-29T08:00:00Z")).as("no 29 February").isNull();
		assertThat(Patterns.timeText("2026-02-29 08:00:00Z")).as("no 29 February either way").isNull();
		assertThat(Patterns.timeText("2026-13-45T99:00:00+08:00")).isNull();
		assertThat(Patterns.timeText("2026-11-29T24:00:00Z")).isNull();
		assertThat(Patterns.timeText("2026-11-29T08:00:00+18:00")).as("offset beyond 14 h").isNull();
		assertThat(Patterns.timeText("0001-01-01T00:00:00Z")).as("before 1900").isNull();
		assertThat(Patterns.timeText("yesterday")).isNull();
		assertThat(Patterns.timeText("")).isNull();
	}

}
