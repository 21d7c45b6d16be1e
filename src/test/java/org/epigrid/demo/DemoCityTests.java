package org.epigrid.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalDataKeys;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator alone, without a database. */
class DemoCityTests {

	private static final long NOW = 1_760_000_000L;

	@Test
	void sameSeedAndMomentGiveTheSameRows() {
		assertThat(generate(DemoSize.SMALL, DemoProperties.defaults()).digest)
			.isEqualTo(generate(DemoSize.SMALL, DemoProperties.defaults()).digest);
	}

	@Test
	void anotherSeedGivesAnotherCity() {
		DemoProperties defaults = DemoProperties.defaults();
		DemoProperties other = new DemoProperties(defaults.autoload(), defaults.load(), 7, defaults.resultDue(),
				defaults.quarantineDays(), defaults.traceWithin(), defaults.gatheringPlanFrom(),
				defaults.bulkForeignKeyChecks());
		assertThat(generate(DemoSize.SMALL, other).digest).isNotEqualTo(generate(DemoSize.SMALL, defaults).digest);
	}

	@Test
	void idNumbersCarryTheGb11643CheckCharacter() {
		// the example of GB 11643-1999
		assertThat(Population.checkCharacter("11010519491231002")).isEqualTo('X');
		assertThat(Population.idNumber("110105", (int) java.time.LocalDate.of(1949, 12, 31).toEpochDay(), 2))
			.isEqualTo("11010519491231002X");
	}

	static Generated generate(DemoSize size, DemoProperties properties) {
		CopyTarget.Digest digest = new CopyTarget.Digest();
		Tables tables = new Tables(digest, (table) -> 1L, (writer, added) -> {
		});
		// a seeded nonce source: the same rows encrypt to the same bytes
		PersonalDataCipher cipher = new PersonalDataCipher(
				PersonalDataKeys.of(IntegrationTest.ENCRYPTION_KEY, IntegrationTest.LOOKUP_KEY), new Random(7));
		new DemoCity(size, properties, NOW, cipher).generate(tables);
		Map<String, Long> rows = new LinkedHashMap<>();
		tables.all().forEach((name, writer) -> rows.put(name, writer.rows()));
		return new Generated(rows, digest.hex(), digest.bytes());
	}

	record Generated(Map<String, Long> rows, String digest, long bytes) {
	}

}
