package org.epigrid.people;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** What the people workflow tests share: fixtures, mutation calls, refusal checks. */
abstract class WorkflowTestSupport extends IntegrationTest {

	static final ZoneId CENTRE = ZoneId.of("Asia/Shanghai");

	static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);

	protected WorkflowFixtures fixtures;

	protected PeopleFixtures people;

	@BeforeEach
	void workflowFixtures() {
		this.fixtures = new WorkflowFixtures(this.db);
		this.people = new PeopleFixtures(this.db, this.cipher);
	}

	static LocalDate today() {
		return LocalDate.now(CENTRE);
	}

	static LocalDate centreDate(OffsetDateTime instant) {
		return instant.atZoneSameInstant(CENTRE).toLocalDate();
	}

	static String personId(long id) {
		return GlobalId.encode("Person", id);
	}

	static String measureId(long id) {
		return GlobalId.encode("ControlMeasure", id);
	}

	static String siteId(long id) {
		return GlobalId.encode("Site", id);
	}

	static long rawId(String globalId) {
		return GlobalId.decode(globalId).id();
	}

	/** Runs a mutation document (named like the mutation) with {@code $input}. */
	GraphQlTester.Response mutate(String mutation, Map<String, Object> input) {
		return this.graphQl.documentName(mutation).variable("input", input).execute();
	}

	/** Runs a mutation that must succeed and returns its payload's {@code field}. */
	<T> T succeed(String mutation, Map<String, Object> input, String field, Class<T> type) {
		GraphQlTester.Response response = mutate(mutation, input);
		response.path(mutation + ".errors").entityList(Object.class).hasSize(0);
		return response.path(mutation + "." + field).entity(type).get();
	}

	/**
	 * Runs a mutation that must be refused with {@code code} and change nothing about the
	 * given people; returns the errors' messages.
	 */
	List<String> refused(String mutation, Map<String, Object> input, String code, Long... people) {
		List<Object> before = this.fixtures.snapshot(people);
		GraphQlTester.Response response = mutate(mutation, input);
		response.path(mutation + ".errors[*].code").entityList(String.class).contains(code);
		List<String> messages = response.path(mutation + ".errors[*].message").entityList(String.class).get();
		assertThat(this.fixtures.snapshot(people)).as("database unchanged after refused %s", mutation)
			.isEqualTo(before);
		return messages;
	}

	static OffsetDateTime instant(String value) {
		return OffsetDateTime.parse(value);
	}

}
