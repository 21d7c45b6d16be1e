package org.epigrid.places;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.graphql.execution.ErrorType;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceQueriesTests extends IntegrationTest {

	@Test
	void placeByCodeShowsHierarchyRiskAndSites() {
		Ref[] chain = this.data.chain("甲");
		Ref community = chain[3];
		Ref grid = chain[4];
		Ref grid2 = this.data.below(community, "GRID", "甲第二网格");
		this.data.site(grid2, "SUPERMARKET", "甲超市");
		this.data.designate(community.code(), "HIGH", OffsetDateTime.now().minusDays(1), null);
		this.data.designate(chain[1].code(), "MEDIUM", OffsetDateTime.now().minusDays(3), null);
		// expired designation does not count
		this.data.designate(grid.code(), "LOW", OffsetDateTime.now().minusDays(10), OffsetDateTime.now().minusDays(5));

		this.graphQl.documentName("placeByCode")
			.variable("code", community.code())
			.execute()
			.path("placeByCode.level")
			.entity(String.class)
			.isEqualTo("COMMUNITY")
			.path("placeByCode.riskLevel")
			.entity(String.class)
			.isEqualTo("HIGH")
			.path("placeByCode.parent.code")
			.entity(String.class)
			.isEqualTo(chain[2].code())
			.path("placeByCode.children[*].code")
			.entityList(String.class)
			.containsExactly(grid.code(), grid2.code())
			.path("placeByCode.ancestors[*].code")
			.entityList(String.class)
			.containsExactly(chain[0].code(), chain[1].code(), chain[2].code())
			.path("placeByCode.riskDesignations[*].level")
			.entityList(String.class)
			.containsExactly("HIGH", "MEDIUM")
			.path("placeByCode.sites[*].name")
			.entityList(String.class)
			.containsExactly("甲超市")
			.path("placeByCode.sites[0].place.code")
			.entity(String.class)
			.isEqualTo(grid2.code());
	}

	@Test
	void gridsInheritTheRiskOfTheirCommunityAndCanBeFilteredByIt() {
		Ref[] chain = this.data.chain("乙");
		Ref otherCommunity = this.data.below(chain[2], "COMMUNITY", "乙二社区");
		Ref otherGrid = this.data.below(otherCommunity, "GRID", "乙二网格");
		this.data.designate(chain[3].code(), "MEDIUM", OffsetDateTime.now().minusHours(1),
				OffsetDateTime.now().plusDays(7));

		Map<String, Object> filter = Map.of("area", chain[0].globalId(), "levels", List.of("GRID"), "riskLevels",
				List.of("MEDIUM", "HIGH"));
		this.graphQl.documentName("places")
			.variable("filter", filter)
			.execute()
			.path("places.totalCount")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("places.edges[0].node.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("places.edges[0].node.riskLevel")
			.entity(String.class)
			.isEqualTo("MEDIUM");
		this.graphQl.documentName("places")
			.variable("filter",
					Map.of("area", chain[0].globalId(), "levels", List.of("GRID"), "riskLevels", List.of("NONE")))
			.execute()
			.path("places.edges[*].node.code")
			.entityList(String.class)
			.containsExactly(otherGrid.code());
	}

	@Test
	void placesFilterByParentAndName() {
		Ref[] chain = this.data.chain("丙");
		this.data.below(chain[2], "COMMUNITY", "丙东社区");
		this.data.below(chain[2], "COMMUNITY", "丙西社区");
		this.graphQl.documentName("places")
			.variable("filter", Map.of("parent", GlobalId.encode("Place", chain[2].id())))
			.execute()
			.path("places.totalCount")
			.entity(Integer.class)
			.isEqualTo(3);
		this.graphQl.documentName("places")
			.variable("filter", Map.of("area", chain[0].globalId(), "nameContains", "东"))
			.execute()
			.path("places.edges[*].node.name")
			.entityList(String.class)
			.containsExactly("丙东社区");
	}

	@Test
	void placesPageThroughWithKeysetCursors() {
		Ref[] chain = this.data.chain("丁");
		for (int i = 0; i < 4; i++) {
			this.data.below(chain[3], "GRID", "丁网格" + i);
		}
		Map<String, Object> filter = Map.of("parent", chain[3].globalId());
		String end = this.graphQl.documentName("places")
			.variable("filter", filter)
			.variable("first", 2)
			.execute()
			.path("places.edges")
			.entityList(Object.class)
			.hasSize(2)
			.path("places.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("places.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("places.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String last = this.graphQl.documentName("places")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", end)
			.execute()
			.path("places.edges")
			.entityList(Object.class)
			.hasSize(2)
			.path("places.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("places.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("places.pageInfo.endCursor")
			.entity(String.class)
			.get();
		String afterLast = this.graphQl.documentName("places")
			.variable("filter", filter)
			.variable("first", 2)
			.variable("after", last)
			.execute()
			.path("places.edges")
			.entityList(Object.class)
			.hasSize(1)
			.path("places.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("places.pageInfo.endCursor")
			.entity(String.class)
			.get();
		this.graphQl.documentName("places")
			.variable("filter", filter)
			.variable("after", afterLast)
			.execute()
			.path("places.edges")
			.entityList(Object.class)
			.hasSize(0)
			.path("places.pageInfo.endCursor")
			.valueIsNull()
			.path("places.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false);
	}

	@Test
	void sitesFilterByTypeAreaAndStatus() {
		Ref[] a = this.data.chain("戊");
		Ref[] b = this.data.chain("己");
		this.data.site(a[4], "LAB", "戊实验室");
		this.data.site(a[4], "PHARMACY", "戊药店");
		this.data.site(b[4], "LAB", "己实验室");
		this.graphQl.documentName("sites")
			.variable("filter", Map.of("area", a[1].globalId(), "types", List.of("LAB")))
			.execute()
			.path("sites.totalCount")
			.entity(Integer.class)
			.isEqualTo(1)
			.path("sites.nodes[0].name")
			.entity(String.class)
			.isEqualTo("戊实验室")
			.path("sites.nodes[0].status")
			.entity(String.class)
			.isEqualTo("ACTIVE")
			.path("sites.nodes[0].place.code")
			.entity(String.class)
			.isEqualTo(a[4].code());
		this.graphQl.documentName("sites")
			.variable("filter", Map.of("area", a[0].globalId(), "statuses", List.of("CLOSED")))
			.execute()
			.path("sites.totalCount")
			.entity(Integer.class)
			.isEqualTo(0);
	}

	@Test
	void nodeResolvesPlacesAndSitesByGlobalId() {
		Ref[] chain = this.data.chain("庚");
		long site = this.data.site(chain[4], "HOSPITAL", "庚医院");
		this.graphQl.documentName("node")
			.variable("id", chain[2].globalId())
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Place")
			.path("node.code")
			.entity(String.class)
			.isEqualTo(chain[2].code())
			.path("node.id")
			.entity(String.class)
			.isEqualTo(chain[2].globalId());
		this.graphQl.documentName("node")
			.variable("id", GlobalId.encode("Site", site))
			.execute()
			.path("node.__typename")
			.entity(String.class)
			.isEqualTo("Site")
			.path("node.name")
			.entity(String.class)
			.isEqualTo("庚医院");
	}

	@Test
	void unknownAndMalformedIdsAreTypedErrors() {
		this.graphQl.documentName("node")
			.variable("id", GlobalId.encode("Place", 987654321))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND && error.getPath().equals("node"))
			.verify()
			.path("node")
			.valueIsNull();
		this.graphQl.documentName("node")
			.variable("id", "not-an-id!")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("not a valid id"))
			.verify();
		this.graphQl.document("{ place(id: \"" + GlobalId.encode("Site", 1) + "\") { code } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("expected a Place"))
			.verify();
		this.graphQl.document("{ placeByCode(code: \"000000\") { code } }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.NOT_FOUND)
			.verify();
	}

	@Test
	void badPagingArgumentsAreRejected() {
		this.graphQl.documentName("places")
			.variable("first", 501)
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST
					&& error.getMessage().contains("at most 500"))
			.verify();
		this.graphQl.documentName("places")
			.variable("after", "garbage")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == ErrorType.BAD_REQUEST && error.getMessage().contains("cursor"))
			.verify();
		this.graphQl.documentName("places")
			.variable("filter", Map.of("levels", List.of("PLANET")))
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError)
			.verify();
	}

	@Test
	void nestedQueryStatementCountDoesNotGrowWithRows() {
		int small = threeLevelStatements(20);
		int large = threeLevelStatements(200);
		assertThat(large).isEqualTo(small);
		assertThat(small).isLessThanOrEqualTo(8);
	}

	private int threeLevelStatements(int parents) {
		Ref city = this.data.city("N" + parents + "市");
		Ref county = this.data.county(city, "N" + parents + "区");
		Ref township = this.data.below(county, "TOWNSHIP", "N" + parents + "街道");
		for (int i = 0; i < parents; i++) {
			Ref community = this.data.below(township, "COMMUNITY", "社区" + i);
			Ref grid = this.data.below(community, "GRID", "网格" + i);
			this.data.site(grid, "PHARMACY", "药店" + i);
		}
		this.statements.reset();
		this.graphQl.documentName("placesThreeLevels")
			.variable("filter", Map.of("parent", township.globalId()))
			.variable("first", 500)
			.execute()
			.path("places.nodes")
			.entityList(Object.class)
			.hasSize(parents)
			.path("places.nodes[0].children[0].sites[0].place.code")
			.hasValue();
		return this.statements.count();
	}

}
