package org.epigrid.metrics;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.observation.DataFetcherObservationContext;

/**
 * Which GraphQL data fetchers are timed ({@code graphql.datafetcher}): the root fields
 * only. A nested field backed by a batch loader (e.g.
 * {@code TestingStatsBucket.childArea}) would otherwise start and stop one observation
 * per row of its parent list: 5,000 timer samples for one hourly testingStats answer, a
 * tenth of its time. The batch itself is timed once as {@code graphql.dataloader}, and
 * the request as {@code graphql.request}.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlObservations {

	@Bean
	ObservationPredicate rootDataFetchersOnly() {
		return (name, context) -> !(context instanceof DataFetcherObservationContext fetch)
				|| fetch.getEnvironment().getExecutionStepInfo().getPath().getLevel() <= 1;
	}

}
