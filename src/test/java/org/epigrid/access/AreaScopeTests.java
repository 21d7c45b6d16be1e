package org.epigrid.access;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.test.tester.HttpGraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.PLACE;

/**
 * An AREA_OFFICER of one county cannot read or change anything of the neighbouring
 * county: not through root fields, filters, node(id), nested fields or mutations.
 */
class AreaScopeTests extends IntegrationTest {

	private Ref city;

	private Ref ours;

	private Ref ourGrid;

	private Ref theirs;

	private Ref theirGrid;

	private HttpGraphQlTester officer;

	private void twoCounties() {
		this.city = this.data.city("邻市");
		this.ours = this.data.county(this.city, "本区");
		Ref township = this.data.below(this.ours, "TOWNSHIP", "本街道");
		Ref community = this.data.below(township, "COMMUNITY", "本社区");
		this.ourGrid = this.data.below(community, "GRID", "本网格");
		this.theirs = this.data.county(this.city, "邻区");
		Ref theirTownship = this.data.below(this.theirs, "TOWNSHIP", "邻街道");
		Ref theirCommunity = this.data.below(theirTownship, "COMMUNITY", "邻社区");
		this.theirGrid = this.data.below(theirCommunity, "GRID", "邻网格");
		this.officer = graphQlAs("AREA_OFFICER", this.ours.id());
	}

	@Test
	void rootConnectionsAreLimitedToTheArea() {
		twoCounties();
		this.data.person(this.ourGrid, "本甲");
		this.data.person(this.theirGrid, "邻乙");
		this.officer.document("{ places(first: 100) { nodes { name } } }")
			.execute()
			.path("places.nodes[*].name")
			.entityList(String.class)
			.contains("本区", "本街道", "本社区", "本网格")
			.hasSize(4);
		this.officer.document("{ people(first: 100) { nodes { fullName } } }")
			.execute()
			.path("people.nodes[*].fullName")
			.entityList(String.class)
			.containsExactly("本甲");
		forbidden("{ people(filter: {area: \"" + this.theirs.globalId() + "\"}) { totalCount } }");
		forbidden("{ places(filter: {area: \"" + this.city.globalId() + "\"}) { totalCount } }");
	}

	@Test
	void singleRecordsOfTheOtherCountyAreForbidden() {
		twoCounties();
		long theirPerson = this.data.person(this.theirGrid, "邻丙");
		long ourPerson = this.data.person(this.ourGrid, "本丁");
		forbidden("{ place(id: \"" + this.theirGrid.globalId() + "\") { name } }");
		forbidden("{ placeByCode(code: \"" + this.theirGrid.code() + "\") { name } }");
		forbidden("{ node(id: \"" + this.theirGrid.globalId() + "\") { id } }");
		forbidden("{ person(id: \"" + GlobalId.encode("Person", theirPerson) + "\") { fullName } }");
		forbidden("{ node(id: \"" + GlobalId.encode("Person", theirPerson) + "\") { id } }");
		this.officer.document("{ person(id: \"" + GlobalId.encode("Person", ourPerson) + "\") { fullName } }")
			.execute()
			.path("person.fullName")
			.entity(String.class)
			.isEqualTo("本丁");
	}

	@Test
	void nestedLinksOutOfTheAreaAreNull() {
		twoCounties();
		this.officer
			.document("{ place(id: \"" + this.ours.globalId() + "\") { name parent { name } children { name } } }")
			.execute()
			.path("place.parent")
			.valueIsNull()
			.path("place.children[*].name")
			.entityList(String.class)
			.containsExactly("本街道");
	}

	@Test
	void mutationsOnTheOtherCountyAreForbiddenAndChangeNothing() {
		twoCounties();
		int places = this.db.fetchCount(PLACE);
		this.officer.document("mutation($input: CreatePlaceInput!) { createPlace(input: $input) { errors { code } } }")
			.variable("input",
					Map.of("code", this.theirGrid.code().substring(0, 12) + "9", "name", "越界网格", "level", "COMMUNITY",
							"parent", GlobalId.encode("Place", parentOf(this.theirGrid))))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		assertThat(this.db.fetchCount(PLACE)).isEqualTo(places);
	}

	@Test
	void labAndSupplyKeysAreScopedTheSameWay() {
		twoCounties();
		HttpGraphQlTester lab = graphQlAs("LAB", this.ours.id());
		lab.document("{ samples(first: 1) { totalCount } }").execute().path("samples.totalCount").hasValue();
		lab.document("{ samples(filter: {area: \"" + this.theirs.globalId() + "\"}) { totalCount } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
		HttpGraphQlTester supply = graphQlAs("SUPPLY_OFFICER", this.ours.id());
		supply.document("{ supplyItems(first: 1) { totalCount } }").execute().path("supplyItems.totalCount").hasValue();
		supply.document("{ place(id: \"" + this.theirGrid.globalId() + "\") { name } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

	private long parentOf(Ref place) {
		return this.db.select(PLACE.PARENT_ID).from(PLACE).where(PLACE.ID.eq(place.id())).fetchOne(PLACE.PARENT_ID);
	}

	private void forbidden(String document) {
		this.officer.document(document)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.FORBIDDEN)
			.verify();
	}

}
