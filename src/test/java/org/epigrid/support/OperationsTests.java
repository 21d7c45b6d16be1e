package org.epigrid.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators rely on: health, info, Prometheus metrics with latency histograms,
 * GraphiQL.
 */
class OperationsTests extends IntegrationTest {

	@Test
	void healthAndInfoAreExposed() {
		this.http.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.http.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.app.name")
			.isEqualTo("Epigrid");
	}

	@Test
	void prometheusShowsGraphQlLatencyHistogramWithApplicationTag() {
		this.graphQl.document("{ places(first: 1) { totalCount } }").execute().path("places.totalCount").hasValue();
		String exposition = prometheusExposition();
		assertThat(exposition).contains("graphql_request_seconds_bucket{")
			.contains("graphql_datafetcher_seconds_bucket{")
			.contains("http_server_requests_seconds_bucket{")
			.contains("epigrid_metrics_last_refresh_timestamp_seconds")
			.contains("epigrid_analytics_rollup_refresh_seconds_count{")
			.contains("epigrid_vaccination_rollup_refresh_seconds_count{")
			.contains("epigrid_campaigns_coverage_refresh_seconds_count{")
			.contains("application=\"epigrid\"")
			.contains("hikaricp_connections");
	}

	@Test
	void onlyRootDataFetchersAreTimedOneByOne() {
		this.data.chain("计时");
		this.graphQl.document("{ places(first: 5) { nodes { parent { name } } } }")
			.execute()
			.path("places.nodes[*].parent")
			.entityList(Object.class)
			.hasSizeGreaterThan(0);
		String exposition = prometheusExposition();
		// the nested batch field is timed as its batch (graphql.dataloader), not per row
		assertThat(exposition).containsPattern("graphql_datafetcher_seconds_count\\{[^}]*field_name=\"places\"")
			.doesNotContainPattern("graphql_datafetcher_seconds_count\\{[^}]*field_name=\"parent\"")
			.contains("graphql_dataloader_seconds_count{");
	}

	@Test
	void theDatabaseLogKeepsNoFailingRows() {
		// a constraint error's DETAIL ("Failing row contains (...)") would carry personal
		// data
		assertThat(this.db.fetchValue("SHOW log_error_verbosity")).isEqualTo("terse");
	}

	@Test
	void graphiqlIsServed() {
		this.http.get().uri("/graphiql?path=/graphql").exchange().expectStatus().isOk();
	}

	@Test
	void malformedQueriesGetAClassifiedErrorWithoutStackTrace() {
		this.graphQl.document("{ places(first: 1) { totalCount ")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.InvalidSyntax)
			.verify();
		this.graphQl.document("{ noSuchField }")
			.execute()
			.errors()
			.expect((error) -> error.getErrorType() == graphql.ErrorType.ValidationError
					&& !error.getMessage().contains("Exception"))
			.verify();
	}

}
