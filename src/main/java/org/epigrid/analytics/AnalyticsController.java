package org.epigrid.analytics;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import graphql.schema.DataFetchingFieldSelectionSet;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.places.Place;
import org.epigrid.places.Site;
import org.epigrid.support.BadRequestException;
import org.epigrid.support.GlobalId;
import org.epigrid.support.NotFoundException;
import org.epigrid.support.PageRequest;
import org.epigrid.supplies.SupplyItem;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.mapEach;

/** The analytics queries of the command centre. */
@Controller
class AnalyticsController {

	private final TestingStatsQueries testing;

	private final AnalyticsQueries queries;

	private final AlertQueries alerts;

	private final AnalyticsProperties properties;

	private final ZoneId zone;

	AnalyticsController(TestingStatsQueries testing, AnalyticsQueries queries, AlertQueries alerts,
			AnalyticsProperties properties) {
		this.testing = testing;
		this.queries = queries;
		this.alerts = alerts;
		this.properties = properties;
		this.zone = testing.zone();
	}

	@QueryMapping
	List<TestingStatsBucket> testingStats(@Argument String area, @Argument OffsetDateTime from,
			@Argument OffsetDateTime to, @Argument StatsInterval interval, @Argument @Nullable StatsGroupBy groupBy,
			DataFetchingFieldSelectionSet selection) {
		checkRange(from, to);
		if (interval == StatsInterval.HOUR
				&& Duration.between(from, to).compareTo(Duration.ofDays(this.properties.maxHourlyRangeDays())) > 0) {
			throw new BadRequestException("HOUR buckets cover at most " + this.properties.maxHourlyRangeDays()
					+ " days; use DAY or WEEK for longer ranges");
		}
		List<TestingStatsBucket> buckets = this.testing.testingStats(area(area), from, to, interval, groupBy);
		if (groupBy != StatsGroupBy.CHILD_AREA || !selection.contains("childArea")) {
			return buckets;
		}
		// the few child areas read once and set on each bucket, rather than a DataLoader:
		// an hourly answer has thousands of buckets, and a load and a future per bucket
		// cost a quarter of its time
		Map<Long, Place> places = this.queries.placesById(distinctIds(buckets, TestingStatsBucket::childAreaId));
		return buckets.stream()
			.map((bucket) -> (bucket.childAreaId() != null) ? bucket.withChildArea(places.get(bucket.childAreaId()))
					: bucket)
			.toList();
	}

	@QueryMapping
	QuarantineOccupancy quarantineOccupancy(@Argument String area) {
		return this.queries.quarantineOccupancy(area(area), today());
	}

	@QueryMapping
	TracingTimeliness tracingTimeliness(@Argument String area, @Argument OffsetDateTime from,
			@Argument OffsetDateTime to) {
		checkRange(from, to);
		return this.queries.tracingTimeliness(area(area), from, to);
	}

	@QueryMapping
	List<ReturneeInflow> returneeInflow(@Argument String area, @Argument LocalDate from, @Argument LocalDate to) {
		if (to.isBefore(from)) {
			throw new BadRequestException("'to' (" + to + ") must not be before 'from' (" + from + ")");
		}
		if (ChronoUnit.DAYS.between(from, to) + 1 > this.properties.maxRangeDays()) {
			throw new BadRequestException("the range covers at most " + this.properties.maxRangeDays() + " days");
		}
		return this.queries.returneeInflow(area(area), from, to, this.zone);
	}

	@QueryMapping
	List<SupplyCoverage> supplyCoverage(@Argument String area) {
		return this.queries.supplyCoverage(area(area));
	}

	@QueryMapping
	VaccinationCoverage vaccinationCoverage(@Argument String area) {
		return this.queries.vaccinationCoverage(area(area));
	}

	@QueryMapping
	List<Alert> alerts(@Argument String area, @Argument @Nullable List<AlertKind> kinds,
			@Argument @Nullable Integer first) {
		int limit = PageRequest.of(first, null).first();
		EnumSet<AlertKind> asked = EnumSet.noneOf(AlertKind.class);
		asked.addAll((kinds != null) ? kinds : Arrays.asList(AlertKind.values()));
		return this.alerts.alerts(area(area), asked, limit, today(), TestingStatsQueries.postgresZone(this.zone));
	}

	@QueryMapping
	List<AlertCount> alertCounts(@Argument String area) {
		return this.alerts.alertCounts(area(area), today(), TestingStatsQueries.postgresZone(this.zone));
	}

	// what the analytics refer to

	@BatchMapping(typeName = "QuarantineSiteOccupancy")
	Map<QuarantineSiteOccupancy, Site> site(List<QuarantineSiteOccupancy> occupancies) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(occupancies, QuarantineSiteOccupancy::siteId));
		return mapEach(occupancies, (occupancy) -> sites.get(occupancy.siteId()));
	}

	@BatchMapping
	Map<SupplyCoverage, SupplyItem> item(List<SupplyCoverage> coverages) {
		Map<Long, SupplyItem> items = this.queries.itemsById(distinctIds(coverages, SupplyCoverage::itemId));
		return mapEach(coverages, (coverage) -> items.get(coverage.itemId()));
	}

	@BatchMapping(typeName = "Alert", field = "place")
	Map<Alert, Place> alertPlace(List<Alert> alerts) {
		Map<Long, Place> places = this.queries.placesById(distinctIds(alerts, Alert::placeId));
		return mapEach(alerts, (alert) -> (alert.placeId() != null) ? places.get(alert.placeId()) : null);
	}

	@BatchMapping(typeName = "Alert", field = "site")
	Map<Alert, Site> alertSite(List<Alert> alerts) {
		Map<Long, Site> sites = this.queries.sitesById(distinctIds(alerts, Alert::siteId));
		return mapEach(alerts, (alert) -> (alert.siteId() != null) ? sites.get(alert.siteId()) : null);
	}

	private Area area(String id) {
		return this.queries.area(GlobalId.decode(id, "Place")).orElseThrow(() -> NotFoundException.of("Place", id));
	}

	private void checkRange(OffsetDateTime from, OffsetDateTime to) {
		if (!from.isBefore(to)) {
			throw new BadRequestException("'from' (" + from + ") must be before 'to' (" + to + ")");
		}
		if (Duration.between(from, to).compareTo(Duration.ofDays(this.properties.maxRangeDays())) > 0) {
			throw new BadRequestException("the range covers at most " + this.properties.maxRangeDays() + " days");
		}
	}

	private LocalDate today() {
		return LocalDate.now(this.zone);
	}

}
