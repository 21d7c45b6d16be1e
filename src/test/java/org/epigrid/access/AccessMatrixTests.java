package org.epigrid.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role × operation: for every role, a representative query and mutation of every feature
 * and every analytics query either runs or is refused with FORBIDDEN (and then runs no
 * SQL). The operations are named operations of one document, persisted on the test
 * classpath ({@code persisted-tests/accessMatrix.graphql}), so that PARTNER keys (which
 * may run persisted documents only) go through the same matrix.
 */
class AccessMatrixTests extends IntegrationTest {

	static final String MATRIX = read("persisted-tests/accessMatrix.graphql");

	private static final String ADMIN = "ADMIN";

	private static final String COMMAND = "COMMAND_CENTER";

	private static final String AREA = "AREA_OFFICER";

	private static final String LAB = "LAB";

	private static final String SUPPLY = "SUPPLY_OFFICER";

	private static final String ANALYST = "ANALYST";

	private static final String PARTNER = "PARTNER";

	private static final List<String> ROLES = List.of(ADMIN, COMMAND, AREA, LAB, SUPPLY, ANALYST, PARTNER);

	@Test
	void everyRoleGetsExactlyItsOperations() {
		Ref[] chain = this.data.chain("矩");
		Map<String, Object> grid = Map.of("area", chain[4].globalId());
		Map<String, Operation> operations = new LinkedHashMap<>();
		operations.put("places",
				new Operation("Places", Map.of(), Set.of(ADMIN, COMMAND, AREA, LAB, SUPPLY, ANALYST, PARTNER)));
		operations.put("people", new Operation("People", Map.of(), Set.of(ADMIN, COMMAND, AREA, ANALYST)));
		operations.put("samples", new Operation("Samples", Map.of(), Set.of(ADMIN, COMMAND, AREA, LAB, ANALYST)));
		operations.put("testTasks", new Operation("TestTasks", Map.of(), Set.of(ADMIN, COMMAND, AREA, LAB, ANALYST)));
		operations.put("supplyItems",
				new Operation("SupplyItems", Map.of(), Set.of(ADMIN, COMMAND, AREA, SUPPLY, ANALYST)));
		operations.put("coldChainBatches",
				new Operation("ColdChainBatches", Map.of(), Set.of(ADMIN, COMMAND, AREA, ANALYST)));
		operations.put("dailyReportCompliance",
				new Operation("DailyReportCompliance", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("apiKeys", new Operation("ApiKeys", Map.of(), Set.of(ADMIN)));
		operations.put("auditLog", new Operation("AuditLog", Map.of(), Set.of(ADMIN)));
		operations.put("testingStats",
				new Operation("TestingStats", grid, Set.of(ADMIN, COMMAND, AREA, LAB, ANALYST, PARTNER)));
		operations.put("quarantineOccupancy",
				new Operation("QuarantineOccupancy", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("tracingTimeliness",
				new Operation("TracingTimeliness", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("returneeInflow",
				new Operation("ReturneeInflow", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("supplyCoverage",
				new Operation("SupplyCoverage", grid, Set.of(ADMIN, COMMAND, AREA, SUPPLY, ANALYST, PARTNER)));
		operations.put("vaccinationCoverage",
				new Operation("VaccinationCoverage", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("alertCounts",
				new Operation("AlertCounts", grid, Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("alerts", new Operation("Alerts", grid, Set.of(ADMIN, COMMAND, AREA, LAB, SUPPLY)));
		operations.put("createPlace",
				new Operation("CreatePlace", Map.of("parent", chain[3].globalId()), Set.of(ADMIN, COMMAND, AREA)));
		operations.put("createSupplyItem",
				new Operation("CreateSupplyItem", Map.of(), Set.of(ADMIN, COMMAND, AREA, SUPPLY)));
		operations.put("createApiKey", new Operation("CreateApiKey", Map.of(), Set.of(ADMIN)));
		for (String role : ROLES) {
			HttpGraphQlTester tester = graphQlAs(role, role.equals(ADMIN) ? null : chain[1].id());
			operations.forEach((name, operation) -> {
				this.statements.reset();
				GraphQlTester.Response response = run(tester, operation.name(), operation.variables());
				if (operation.allowed().contains(role)) {
					response.errors().verify();
					response.path(name).hasValue();
				}
				else {
					response.errors().expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN).verify();
					assertThat(this.statements.count()).as(role + " " + name + " ran SQL").isZero();
				}
			});
		}
	}

	@Test
	void labAndSupplyKeysListOnlyTheAlertsOfTheirWork() {
		Ref[] chain = this.data.chain("警");
		HttpGraphQlTester lab = graphQlAs(LAB, chain[1].id());
		HttpGraphQlTester supply = graphQlAs(SUPPLY, chain[1].id());
		Map<String, Object> area = Map.of("area", chain[1].globalId());
		run(lab, "Alerts", area).errors().verify();
		run(lab, "Alerts", Map.of("area", chain[1].globalId(), "kinds", List.of("OVERDUE_RESULT"))).errors().verify();
		run(supply, "Alerts", Map.of("area", chain[1].globalId(), "kinds", List.of("STOCK_BELOW_TARGET"))).errors()
			.verify();
		for (String kind : List.of("UNTRACED_CONTACT", "STOCK_BELOW_TARGET", "QUARANTINE_DUE_FOR_RELEASE")) {
			this.statements.reset();
			run(lab, "Alerts", Map.of("area", chain[1].globalId(), "kinds", List.of("OVERDUE_RESULT", kind))).errors()
				.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
				.verify();
			assertThat(this.statements.count()).isZero();
		}
		run(supply, "Alerts", Map.of("area", chain[1].globalId(), "kinds", List.of("OVERDUE_RESULT"))).errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

	@Test
	void forbiddenRootFieldsRunNoSql() {
		HttpGraphQlTester analyst = graphQlAs(ANALYST, null);
		HttpGraphQlTester partner = graphQlAs(PARTNER, null);
		this.statements.reset();
		run(analyst, "ApiKeys", Map.of()).errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		run(partner, "PeopleWithNames", Map.of()).errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void partnersCannotReachPeopleThroughNestedFieldsOrNodeIds() {
		Ref[] chain = this.data.chain("伴");
		long person = this.data.person(chain[4], "伴一");
		HttpGraphQlTester partner = graphQlAs(PARTNER, null);
		run(partner, "Node", Map.of("id", GlobalId.encode("Person", person))).errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		GraphQlTester.Response place = run(partner, "Place", Map.of("id", chain[4].globalId()));
		place.errors().verify();
		place.path("place.residentCount").entity(Integer.class).isEqualTo(1);
	}

	@Test
	void introspectionIsOpenToEveryRoleButPartner() {
		for (String role : ROLES) {
			HttpGraphQlTester tester = graphQlAs(role, null);
			if (role.equals(PARTNER)) {
				run(tester, "Schema", Map.of()).errors()
					.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
					.verify();
				run(tester, "TypeOfPlace", Map.of()).errors()
					.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
					.verify();
			}
			else {
				run(tester, "Schema", Map.of()).path("__schema.queryType.name").entity(String.class).isEqualTo("Query");
				run(tester, "TypeOfPlace", Map.of()).path("__type.name").entity(String.class).isEqualTo("Place");
			}
			run(tester, "Typename", Map.of()).path("__typename").entity(String.class).isEqualTo("Query");
		}
	}

	@Test
	void introspectionRolesAndTheAllowListAreSettings() {
		AccessProperties defaults = bind(Map.of());
		assertThat(defaults.introspectionRoles()).containsExactlyInAnyOrder(Role.ADMIN, Role.COMMAND_CENTER,
				Role.AREA_OFFICER, Role.LAB, Role.SUPPLY_OFFICER, Role.ANALYST);
		assertThat(defaults.partnerAllowList()).isTrue();
		assertThat(defaults.persistedQueries()).containsExactly("classpath*:graphql/persisted/**/*.graphql");
		AccessProperties configured = bind(Map.of("epigrid.security.introspection-roles", "ADMIN, PARTNER",
				"epigrid.security.partner-allow-list", "false"));
		assertThat(configured.introspectionRoles()).containsExactlyInAnyOrder(Role.ADMIN, Role.PARTNER);
		assertThat(configured.partnerAllowList()).isFalse();
	}

	private static AccessProperties bind(Map<String, String> properties) {
		return new org.springframework.boot.context.properties.bind.Binder(
				new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(properties))
			.bindOrCreate("epigrid.security", AccessProperties.class);
	}

	static GraphQlTester.Response run(HttpGraphQlTester tester, String operation, Map<String, Object> variables) {
		GraphQlTester.Request<?> request = tester.document(MATRIX).operationName(operation);
		variables.forEach(request::variable);
		return request.execute();
	}

	private static String read(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Operation(String name, Map<String, Object> variables, Set<String> allowed) {
	}

}
