package org.epigrid.access;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role × operation: for every role, a representative query and mutation of every feature
 * either runs or is refused with FORBIDDEN (and then runs no SQL).
 */
class AccessMatrixTests extends IntegrationTest {

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
		String grid = chain[4].globalId();
		Map<String, Operation> operations = new LinkedHashMap<>();
		operations.put("places", new Operation("{ places(first: 1) { totalCount } }",
				Set.of(ADMIN, COMMAND, AREA, LAB, SUPPLY, ANALYST, PARTNER)));
		operations.put("people",
				new Operation("{ people(first: 1) { totalCount } }", Set.of(ADMIN, COMMAND, AREA, ANALYST)));
		operations.put("samples",
				new Operation("{ samples(first: 1) { totalCount } }", Set.of(ADMIN, COMMAND, AREA, LAB, ANALYST)));
		operations.put("supplyItems", new Operation("{ supplyItems(first: 1) { totalCount } }",
				Set.of(ADMIN, COMMAND, AREA, SUPPLY, ANALYST)));
		operations.put("coldChainBatches",
				new Operation("{ coldChainBatches(first: 1) { totalCount } }", Set.of(ADMIN, COMMAND, AREA, ANALYST)));
		operations.put("dailyReportCompliance",
				new Operation("{ dailyReportCompliance(area: \"" + grid + "\", date: \"2026-01-05\") { expected } }",
						Set.of(ADMIN, COMMAND, AREA, ANALYST, PARTNER)));
		operations.put("apiKeys", new Operation("{ apiKeys { id } }", Set.of(ADMIN)));
		operations.put("auditLog", new Operation("{ auditLog(first: 1) { totalCount } }", Set.of(ADMIN)));
		operations
			.put("createPlace",
					new Operation(
							"mutation { createPlace(input: {code: \"1\", name: \"x\", level: GRID," + " parent: \""
									+ chain[3].globalId() + "\"}) { errors { code } } }",
							Set.of(ADMIN, COMMAND, AREA)));
		operations.put("createSupplyItem",
				new Operation("mutation { createSupplyItem(input: {code: \"\", name: \"\", category: PPE, unit: \"\"})"
						+ " { errors { code } } }", Set.of(ADMIN, COMMAND, AREA, SUPPLY)));
		operations.put("createApiKey",
				new Operation(
						"mutation { createApiKey(input: {name: \"bad name!\", role: PARTNER}) { errors { code } } }",
						Set.of(ADMIN)));
		for (String role : ROLES) {
			HttpGraphQlTester tester = graphQlAs(role, role.equals(ADMIN) ? null : chain[1].id());
			operations.forEach((name, operation) -> {
				this.statements.reset();
				GraphQlTester.Response response = tester.document(operation.document()).execute();
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
	void forbiddenRootFieldsRunNoSql() {
		HttpGraphQlTester partner = graphQlAs(PARTNER, null);
		this.statements.reset();
		assertThat(forbidden(partner, "{ people(first: 500) { totalCount nodes { fullName } } }")).isTrue();
		assertThat(this.statements.count()).isZero();
	}

	@Test
	void partnersCannotReachPeopleThroughNestedFieldsOrNodeIds() {
		Ref[] chain = this.data.chain("伴");
		long person = this.data.person(chain[4], "伴一");
		HttpGraphQlTester partner = graphQlAs(PARTNER, null);
		assertThat(forbidden(partner,
				"{ node(id: \"" + org.epigrid.support.GlobalId.encode("Person", person) + "\") { id } }"))
			.isTrue();
		assertThat(forbidden(partner, "{ place(id: \"" + chain[4].globalId() + "\") { code residentCount } }"))
			.isFalse();
	}

	@Test
	void introspectionIsClosedToPartnersOnly() {
		assertThat(forbidden(graphQlAs(PARTNER, null), "{ __schema { queryType { name } } }")).isTrue();
		assertThat(forbidden(graphQlAs(PARTNER, null), "{ __type(name: \"Place\") { name } }")).isTrue();
		graphQlAs(PARTNER, null).document("{ __typename }")
			.execute()
			.path("__typename")
			.entity(String.class)
			.isEqualTo("Query");
		graphQlAs(ANALYST, null).document("{ __schema { queryType { name } } }")
			.execute()
			.path("__schema.queryType.name")
			.entity(String.class)
			.isEqualTo("Query");
	}

	private static boolean forbidden(HttpGraphQlTester tester, String document) {
		boolean[] found = { false };
		tester.document(document).execute().errors().filter((error) -> {
			if (error.getErrorType() == ErrorType.FORBIDDEN) {
				found[0] = true;
				return true;
			}
			return false;
		}).verify();
		return found[0];
	}

	private record Operation(String document, Set<String> allowed) {
	}

}
