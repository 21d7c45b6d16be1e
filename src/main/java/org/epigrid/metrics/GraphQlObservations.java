package org.epigrid.metrics;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.observation.DataFetcherObservationConvention;
import org.springframework.graphql.observation.DataLoaderObservationConvention;
import org.springframework.graphql.observation.ExecutionRequestObservationConvention;
import org.springframework.graphql.observation.GraphQlObservationInstrumentation;

import org.epigrid.support.LeanInstrumentationChain.PassesPlainFetchers;

/**
 * Which GraphQL data fetchers are timed ({@code graphql.datafetcher}): the root fields
 * only. A nested field with a fetcher of its own (a record's nested record, e.g.
 * {@code TestingStatsBucket.childArea}) would otherwise start and stop one observation
 * per row of its parent list: 5,000 for one hourly testingStats answer, a fifth of its
 * time. Batches are timed once each as {@code graphql.dataloader}, and the request as
 * {@code graphql.request}. Replaces Spring Boot's instrumentation of the same type (it
 * backs off), with the same conventions.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlObservations {

	@Bean
	GraphQlObservationInstrumentation graphQlObservationInstrumentation(ObservationRegistry registry,
			ObjectProvider<ExecutionRequestObservationConvention> requests,
			ObjectProvider<DataFetcherObservationConvention> fetchers,
			ObjectProvider<DataLoaderObservationConvention> loaders) {
		return new RootFieldObservations(registry, requests.getIfAvailable(), fetchers.getIfAvailable(),
				loaders.getIfAvailable());
	}

	static final class RootFieldObservations extends GraphQlObservationInstrumentation implements PassesPlainFetchers {

		RootFieldObservations(ObservationRegistry registry, @Nullable ExecutionRequestObservationConvention requests,
				@Nullable DataFetcherObservationConvention fetchers,
				@Nullable DataLoaderObservationConvention loaders) {
			super(registry, requests, fetchers, loaders);
		}

		@Override
		public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher,
				InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
			// trivial fetchers are not timed (nor given an environment); the others get
			// an environment anyway, so reading their path costs nothing more
			if (parameters.isTrivialDataFetcher() || parameters.getExecutionStepInfo().getPath().getLevel() > 1) {
				return fetcher;
			}
			return super.instrumentDataFetcher(fetcher, parameters, state);
		}

	}

}
