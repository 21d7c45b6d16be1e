package org.epigrid.people;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The centre's clock and calendar: "today" (a health check's day, a planned release date,
 * an arrival date) is the date in the centre's time zone ({@code epigrid.people.zone},
 * default Asia/Shanghai), whatever the server's zone is.
 */
@Component
class PeopleClock {

	private final Clock clock;

	PeopleClock(@Value("${epigrid.people.zone:Asia/Shanghai}") String zone) {
		this.clock = Clock.system(ZoneId.of(zone));
	}

	OffsetDateTime now() {
		return OffsetDateTime.now(this.clock);
	}

	LocalDate today() {
		return LocalDate.now(this.clock);
	}

	/** The centre's calendar date of an instant. */
	LocalDate dateOf(OffsetDateTime instant) {
		return instant.atZoneSameInstant(this.clock.getZone()).toLocalDate();
	}

}
