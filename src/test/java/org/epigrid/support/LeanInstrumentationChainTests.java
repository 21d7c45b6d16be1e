package org.epigrid.support;

import java.util.ArrayList;
import java.util.List;

import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.SingletonPropertyDataFetcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.graphql.execution.GraphQlSource;

import static org.assertj.core.api.Assertions.assertThat;

class LeanInstrumentationChainTests extends IntegrationTest {

	@Autowired
	private GraphQlSource graphQl;

	private final List<String> calls = new ArrayList<>();

	@Test
	void theApplicationRunsItsInstrumentationsThroughTheLeanChain() {
		assertThat(this.graphQl.graphQl().getInstrumentation()).isInstanceOf(LeanInstrumentationChain.class);
		LeanInstrumentationChain chain = (LeanInstrumentationChain) this.graphQl.graphQl().getInstrumentation();
		assertThat(chain.getInstrumentations()).hasSizeGreaterThan(1);
		// access control and the observations both leave plain property fetchers alone,
		// so the chain passes them without asking either (nor building an environment)
		DataFetcher<?> plain = SingletonPropertyDataFetcher.singleton();
		assertThat(chain.instrumentDataFetcher(plain, parameters(true), null)).isSameAs(plain);
	}

	@Test
	void hooksNoMemberImplementsAreSkippedAndTheOthersRun() {
		LeanInstrumentationChain chain = new LeanInstrumentationChain(
				List.of(new SimplePerformantInstrumentation(), new CompletionCounter()));
		assertThat(chain.beginFieldExecution(null, null)).isSameAs(SimpleInstrumentationContext.noOp());
		assertThat(chain.beginFieldFetching(null, null)).isSameAs(FieldFetchingInstrumentationContext.NOOP);
		assertThat(chain.beginExecuteObject(null, null)).isSameAs(ExecuteObjectInstrumentationContext.NOOP);
		chain.beginFieldCompletion(null, chain.createStateAsync(null).join());
		assertThat(this.calls).containsExactly("completion");
		DataFetcher<?> fetcher = (env) -> "x";
		assertThat(chain.instrumentDataFetcher(fetcher, parameters(false), null)).isSameAs(fetcher);
	}

	@Test
	void plainFetchersPassOnlyWhenEveryFetcherInstrumentationLetsThemPass() {
		DataFetcher<?> plain = SingletonPropertyDataFetcher.singleton();
		DataFetcher<?> own = (env) -> "x";
		LeanInstrumentationChain passing = new LeanInstrumentationChain(
				List.of(new PassingWrapper("a"), new PassingWrapper("b")));
		InstrumentationState state = passing.createStateAsync(null).join();
		assertThat(passing.instrumentDataFetcher(plain, parameters(true), state)).isSameAs(plain);
		assertThat(this.calls).isEmpty();
		assertThat(passing.instrumentDataFetcher(own, parameters(false), state)).isNotSameAs(own);
		assertThat(this.calls).containsExactly("a", "b");

		this.calls.clear();
		LeanInstrumentationChain mixed = new LeanInstrumentationChain(
				List.of(new PassingWrapper("a"), new FetcherWrapper("c")));
		mixed.instrumentDataFetcher(PropertyDataFetcher.fetching("name"), parameters(true),
				mixed.createStateAsync(null).join());
		assertThat(this.calls).containsExactly("a", "c");
	}

	private static InstrumentationFieldFetchParameters parameters(boolean trivial) {
		return new InstrumentationFieldFetchParameters(null, () -> {
			throw new AssertionError("no environment is built");
		}, null, trivial);
	}

	private final class CompletionCounter extends SimplePerformantInstrumentation {

		@Override
		public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
				InstrumentationState state) {
			LeanInstrumentationChainTests.this.calls.add("completion");
			return null;
		}

	}

	private class FetcherWrapper extends SimplePerformantInstrumentation {

		private final String name;

		FetcherWrapper(String name) {
			this.name = name;
		}

		@Override
		public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher,
				InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
			LeanInstrumentationChainTests.this.calls.add(this.name);
			return (env) -> fetcher.get(env);
		}

	}

	private final class PassingWrapper extends FetcherWrapper implements LeanInstrumentationChain.PassesPlainFetchers {

		PassingWrapper(String name) {
			super(name);
		}

	}

}
