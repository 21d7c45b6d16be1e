package org.epigrid.access;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.AUDIT_LOG;

/** Masking of ID numbers, phones, names and addresses by role, and the audit log. */
class PersonalDataTests extends IntegrationTest {

	private static final String PERSON_FIELDS = "{ fullName idNumber phone }";

	@Autowired
	private AuditLog audit;

	@Test
	void masksUnmasksOrRefusesByRole() {
		Ref[] chain = this.data.chain("掩");
		long id = this.data.person(chain[4], "掩卫东");
		String idNumber = this.data.idNumberOf(id);
		String phone = this.data.phoneOf(id);
		String document = "{ person(id: \"" + GlobalId.encode("Person", id) + "\") " + PERSON_FIELDS + " }";

		assertPerson(this.graphQl, document, "掩卫东", idNumber, phone);
		assertPerson(graphQlAs("COMMAND_CENTER", null), document, "掩卫东", idNumber, phone);
		assertPerson(graphQlAs("AREA_OFFICER", chain[1].id()), document, "掩卫东", idNumber, phone);
		String maskedId = idNumber.substring(0, 6) + "********" + idNumber.substring(14);
		String maskedPhone = phone.substring(0, 3) + "****" + phone.substring(7);
		assertThat(maskedId).hasSize(18);
		assertPerson(graphQlAs("ANALYST", null), document, "掩*", maskedId, maskedPhone);
		graphQlAs("PARTNER", null).document(document)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == org.springframework.graphql.execution.ErrorType.FORBIDDEN)
			.verify();
	}

	@Test
	void rolesThatSeePersonalDataMaskedCannotSearchByIt() {
		Ref[] chain = this.data.chain("询");
		long id = this.data.person(chain[4], "询问人");
		String idNumber = this.data.idNumberOf(id);
		String phone = this.data.phoneOf(id);
		String area = chain[0].globalId();
		for (String filter : new String[] { "idNumberStartsWith: \"" + idNumber + "\"", "phone: \"" + phone + "\"",
				"nameStartsWith: \"询问\"" }) {
			String document = "{ people(filter: {area: \"" + area + "\", " + filter + "}) { totalCount } }";
			this.graphQl.document(document).execute().path("people.totalCount").entity(Integer.class).isEqualTo(1);
			graphQlAs("ANALYST", null).document(document)
				.execute()
				.errors()
				.expect((error) -> error.getErrorType() == org.springframework.graphql.execution.ErrorType.FORBIDDEN
						&& error.getMessage().contains("may not filter by name, phone or ID number"))
				.verify();
		}
		// the division code (first 6 characters) is no personal data
		graphQlAs("ANALYST", null)
			.document("{ people(filter: {area: \"" + area + "\", idNumberStartsWith: \"" + idNumber.substring(0, 6)
					+ "\"}) { totalCount } }")
			.execute()
			.path("people.totalCount")
			.entity(Integer.class)
			.isEqualTo(1);
	}

	@Test
	void unmaskedReadsAndMutationsAreAuditedMaskedReadsAreNot() {
		Ref[] chain = this.data.chain("审");
		long id = this.data.person(chain[4], "审计人");
		String personId = GlobalId.encode("Person", id);
		String document = "{ person(id: \"" + personId + "\") " + PERSON_FIELDS + " }";
		this.graphQl.document(document).execute().path("person.fullName").hasValue();
		graphQlAs("ANALYST", null).document(document).execute().path("person.fullName").hasValue();
		this.audit.flush();
		assertThat(this.db.fetch(AUDIT_LOG, org.jooq.impl.DSL.condition("{0} @> ARRAY[{1}]::bigint[]",
				AUDIT_LOG.PERSON_IDS, org.jooq.impl.DSL.val(id))))
			.singleElement()
			.satisfies((entry) -> {
				assertThat(entry.getActor()).isEqualTo(ADMIN_NAME);
				assertThat(entry.getRole()).isEqualTo("ADMIN");
				assertThat(entry.getOperation()).isEqualTo("query person");
			});

		this.graphQl.document("mutation($input: CreatePlaceInput!) { createPlace(input: $input) { errors { code } } }")
			.variable("input",
					Map.of("code", chain[2].code() + "321", "name", "审社区", "level", "COMMUNITY", "parent",
							chain[2].globalId()))
			.execute()
			.path("createPlace.errors")
			.entityList(Object.class)
			.hasSize(0);
		this.audit.flush();
		this.graphQl
			.document("query($person: ID!) { auditLog(filter: {person: $person}) { totalCount nodes { actor role"
					+ " operation personIds } } }")
			.variable("person", personId)
			.execute()
			.path("auditLog.totalCount")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("auditLog.nodes[0].personIds[0]")
			.entity(String.class)
			.isEqualTo(personId);
		this.graphQl.document("{ auditLog(filter: {operation: \"createPlace\"}, first: 500) { nodes { operation } } }")
			.execute()
			.path("auditLog.nodes[*].operation")
			.entityList(String.class)
			.contains("mutation createPlace");
	}

	@Test
	void theAuditLogIsAppendOnly() {
		this.db.execute("INSERT INTO audit_log (actor, role, operation) VALUES ('t', 'ADMIN', 'query x')");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.db.execute("DELETE FROM audit_log"))
			.hasMessageContaining("append-only");
	}

	private static void assertPerson(HttpGraphQlTester tester, String document, String name, String idNumber,
			String phone) {
		tester.document(document)
			.execute()
			.path("person.fullName")
			.entity(String.class)
			.isEqualTo(name)
			.path("person.idNumber")
			.entity(String.class)
			.isEqualTo(idNumber)
			.path("person.phone")
			.entity(String.class)
			.isEqualTo(phone);
	}

}
