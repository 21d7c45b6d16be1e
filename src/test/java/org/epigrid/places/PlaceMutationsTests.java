package org.epigrid.places;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.graphql.test.tester.GraphQlTester;

import org.epigrid.support.GlobalId;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestData.Ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.jooq.Tables.GRID_STAFF;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.RISK_DESIGNATION;
import static org.epigrid.jooq.Tables.SITE;

class PlaceMutationsTests extends IntegrationTest {

	private GraphQlTester.Response createPlace(Map<String, Object> input) {
		return this.graphQl.documentName("createPlace").variable("input", input).execute();
	}

	@Test
	void buildsTheHierarchyTopDownAndRecordsWhoDidIt() {
		Ref[] chain = this.data.chain("建");
		String township = chain[2].code();
		String community = township + "777";
		String id = this.graphQl.mutate()
			.header("X-Epigrid-User", "grid.officer-7")
			.build()
			.documentName("createPlace")
			.variable("input",
					Map.of("code", community, "name", "新建社区", "level", "COMMUNITY", "parent", chain[2].globalId(),
							"population", 4200))
			.execute()
			.path("createPlace.errors")
			.entityList(Object.class)
			.hasSize(0)
			.path("createPlace.place.level")
			.entity(String.class)
			.isEqualTo("COMMUNITY")
			.path("createPlace.place.parent.code")
			.entity(String.class)
			.isEqualTo(township)
			.path("createPlace.place.version")
			.entity(Integer.class)
			.isEqualTo(0)
			.path("createPlace.place.id")
			.entity(String.class)
			.get();
		var row = this.db.selectFrom(PLACE).where(PLACE.ID.eq(GlobalId.decode(id, "Place"))).fetchOne();
		assertThat(row.getCreatedBy()).isEqualTo("grid.officer-7");
		assertThat(row.get(PLACE.PATH).toString()).endsWith(township + "." + community);
	}

	@Test
	void refusesPlacesThatBreakTheHierarchyAndChangesNothing() {
		Ref[] chain = this.data.chain("拒");
		int before = this.db.fetchCount(PLACE);
		// a grid directly under a township
		createPlace(
				Map.of("code", chain[2].code() + "001", "name", "错网格", "level", "GRID", "parent", chain[2].globalId()))
			.path("createPlace.place")
			.valueIsNull()
			.path("createPlace.errors[*].code")
			.entityList(String.class)
			.contains("INVALID_VALUE", "RULE_VIOLATED");
		// a township without parent, a bad code, negative population
		createPlace(Map.of("code", "12", "name", " ", "level", "TOWNSHIP", "population", -1))
			.path("createPlace.errors[*].field")
			.entityList(String.class)
			.contains("input.code", "input.name", "input.parent", "input.population");
		// duplicate code
		createPlace(Map.of("code", chain[1].code(), "name", "重复", "level", "COUNTY", "parent", chain[0].globalId()))
			.path("createPlace.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE")
			.path("createPlace.errors[0].message")
			.entity(String.class)
			.isEqualTo("a place with this code exists");
		// unknown parent
		createPlace(Map.of("code", "99999999", "name", "无父", "level", "TOWNSHIP", "parent",
				GlobalId.encode("Place", 999_999_999)))
			.path("createPlace.errors[*].code")
			.entityList(String.class)
			.contains("NOT_FOUND");
		assertThat(this.db.fetchCount(PLACE)).isEqualTo(before);
	}

	@Test
	void updatesUseOptimisticLocking() {
		Ref[] chain = this.data.chain("锁");
		Map<String, Object> input = new HashMap<>(
				Map.of("id", chain[3].globalId(), "expectedVersion", 0, "name", "改名社区", "population", 5000));
		this.graphQl.documentName("updatePlace")
			.variable("input", input)
			.execute()
			.path("updatePlace.place.name")
			.entity(String.class)
			.isEqualTo("改名社区")
			.path("updatePlace.place.version")
			.entity(Integer.class)
			.isEqualTo(1);
		input.put("name", "迟到的改名");
		this.graphQl.documentName("updatePlace")
			.variable("input", input)
			.execute()
			.path("updatePlace.place")
			.valueIsNull()
			.path("updatePlace.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT");
		assertThat(this.db.select(PLACE.NAME).from(PLACE).where(PLACE.ID.eq(chain[3].id())).fetchOne(PLACE.NAME))
			.isEqualTo("改名社区");
		this.graphQl.documentName("updatePlace")
			.variable("input", Map.of("id", GlobalId.encode("Place", 999_999_999), "expectedVersion", 0))
			.execute()
			.path("updatePlace.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
	}

	@Test
	void sitesAreCreatedWithUniqueVenueCodesAndCanBeSuspended() {
		Ref[] chain = this.data.chain("场");
		Map<String, Object> input = Map.of("place", chain[4].globalId(), "type", "QUARANTINE_HOTEL", "name", "场隔离酒店",
				"venueCode", "QH-CHANG-01", "rooms", 120);
		String id = this.graphQl.documentName("createSite")
			.variable("input", input)
			.execute()
			.path("createSite.site.rooms")
			.entity(Integer.class)
			.isEqualTo(120)
			.path("createSite.site.place.code")
			.entity(String.class)
			.isEqualTo(chain[4].code())
			.path("createSite.site.id")
			.entity(String.class)
			.get();
		int before = this.db.fetchCount(SITE);
		this.graphQl.documentName("createSite")
			.variable("input", input)
			.execute()
			.path("createSite.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE");
		this.graphQl.documentName("createSite")
			.variable("input",
					Map.of("place", chain[4].globalId(), "type", "LAB", "name", "x", "venueCode", "bad code", "rooms",
							-3))
			.execute()
			.path("createSite.errors[*].field")
			.entityList(String.class)
			.contains("input.venueCode", "input.rooms");
		assertThat(this.db.fetchCount(SITE)).isEqualTo(before);
		this.graphQl.documentName("updateSite")
			.variable("input", Map.of("id", id, "expectedVersion", 0, "status", "SUSPENDED"))
			.execute()
			.path("updateSite.site.status")
			.entity(String.class)
			.isEqualTo("SUSPENDED")
			.path("updateSite.site.version")
			.entity(Integer.class)
			.isEqualTo(1);
	}

	@Test
	void riskDesignationsCannotOverlapAndCanBeEnded() {
		Ref[] chain = this.data.chain("险");
		String from = OffsetDateTime.now().minusHours(2).toString();
		String id = this.graphQl.documentName("designateRiskArea")
			.variable("input",
					Map.of("areaCode", chain[3].code(), "level", "HIGH", "effectiveFrom", from, "issuedBy", "市疫情防控指挥部"))
			.execute()
			.path("designateRiskArea.designation.areaName")
			.entity(String.class)
			.isEqualTo("险社区")
			.path("designateRiskArea.designation.id")
			.entity(String.class)
			.get();
		this.graphQl.documentName("placeByCode")
			.variable("code", chain[4].code())
			.execute()
			.path("placeByCode.riskLevel")
			.entity(String.class)
			.isEqualTo("HIGH");
		int before = this.db.fetchCount(RISK_DESIGNATION);
		this.graphQl.documentName("designateRiskArea")
			.variable("input", Map.of("areaCode", chain[3].code(), "level", "MEDIUM", "issuedBy", "市疫情防控指挥部"))
			.execute()
			.path("designateRiskArea.errors[0].code")
			.entity(String.class)
			.isEqualTo("CONFLICT");
		this.graphQl.documentName("designateRiskArea")
			.variable("input", Map.of("areaCode", "420106", "level", "HIGH", "issuedBy", "x"))
			.execute()
			.path("designateRiskArea.errors[0].field")
			.entity(String.class)
			.isEqualTo("input.areaName");
		assertThat(this.db.fetchCount(RISK_DESIGNATION)).isEqualTo(before);
		this.graphQl.documentName("endRiskDesignation")
			.variable("input", Map.of("id", id))
			.execute()
			.path("endRiskDesignation.designation.effectiveTo")
			.hasValue();
		this.graphQl.documentName("placeByCode")
			.variable("code", chain[4].code())
			.execute()
			.path("placeByCode.riskLevel")
			.entity(String.class)
			.isEqualTo("NONE");
		this.graphQl.documentName("endRiskDesignation")
			.variable("input", Map.of("id", id))
			.execute()
			.path("endRiskDesignation.errors[0].code")
			.entity(String.class)
			.isEqualTo("ILLEGAL_TRANSITION");
	}

	@Test
	void gridStaffAreAssignedOncePerRole() {
		Ref[] chain = this.data.chain("员");
		long person = this.data.person(chain[4], "王网格");
		Map<String, Object> input = Map.of("place", chain[4].globalId(), "person", GlobalId.encode("Person", person),
				"role", "COMMANDER");
		this.graphQl.documentName("assignGridStaff")
			.variable("input", input)
			.execute()
			.path("assignGridStaff.staff.role")
			.entity(String.class)
			.isEqualTo("COMMANDER")
			.path("assignGridStaff.staff.personId")
			.entity(String.class)
			.isEqualTo(GlobalId.encode("Person", person));
		this.graphQl.documentName("assignGridStaff")
			.variable("input", input)
			.execute()
			.path("assignGridStaff.errors[0].code")
			.entity(String.class)
			.isEqualTo("DUPLICATE");
		this.graphQl.documentName("assignGridStaff")
			.variable("input",
					Map.of("place", chain[4].globalId(), "person", GlobalId.encode("Person", 999_999_999), "role",
							"MANAGER"))
			.execute()
			.path("assignGridStaff.errors[0].code")
			.entity(String.class)
			.isEqualTo("NOT_FOUND");
		assertThat(this.db.fetchCount(GRID_STAFF, GRID_STAFF.PLACE_ID.eq(chain[4].id()))).isEqualTo(1);
	}

}
