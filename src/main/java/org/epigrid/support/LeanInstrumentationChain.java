package org.epigrid.support;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import graphql.TrivialDataFetcher;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.introspection.IntrospectionDataFetcher;
import graphql.schema.DataFetcher;

/**
 * graphql-java's chain of instrumentations, without the per-field calls that do nothing.
 * The plain chain calls every member for every hook of every field of every row (five
 * hooks per field); most members implement none of them, and an answer of thousands of
 * rows then spends a third of its engine time walking the chain. This one asks, once,
 * which members implement each per-field hook, skips the hooks none implements, and
 * passes plain property fetchers through when every member that instruments fetchers says
 * it leaves those alone ({@link PassesPlainFetchers}). Everything else is the plain
 * chain's (per-request hooks, states, order).
 */
public class LeanInstrumentationChain extends ChainedInstrumentation {

	/**
	 * An instrumentation whose {@code instrumentDataFetcher} returns
	 * {@linkplain #isPlain(DataFetcher) plain} fetchers unchanged, without building their
	 * DataFetchingEnvironment.
	 */
	public interface PassesPlainFetchers {

	}

	private final boolean fieldExecution;

	private final boolean fieldFetching;

	private final boolean fieldCompletion;

	private final boolean fieldListCompletion;

	private final boolean executeObject;

	private final boolean dataFetchers;

	private final boolean plainFetchersPass;

	public LeanInstrumentationChain(List<Instrumentation> members) {
		super(members);
		this.fieldExecution = anyImplements(members, "beginFieldExecution", InstrumentationFieldParameters.class);
		this.fieldFetching = anyImplements(members, "beginFieldFetching", InstrumentationFieldFetchParameters.class)
				|| anyImplements(members, "beginFieldFetch", InstrumentationFieldFetchParameters.class);
		this.fieldCompletion = anyImplements(members, "beginFieldCompletion",
				InstrumentationFieldCompleteParameters.class);
		this.fieldListCompletion = anyImplements(members, "beginFieldListCompletion",
				InstrumentationFieldCompleteParameters.class);
		this.executeObject = anyImplements(members, "beginExecuteObject",
				InstrumentationExecutionStrategyParameters.class);
		List<Instrumentation> fetcherMembers = members.stream()
			.filter((member) -> implementsHook(member, "instrumentDataFetcher", DataFetcher.class,
					InstrumentationFieldFetchParameters.class))
			.toList();
		this.dataFetchers = !fetcherMembers.isEmpty();
		this.plainFetchersPass = fetcherMembers.stream().allMatch(PassesPlainFetchers.class::isInstance);
	}

	/**
	 * A fetcher graphql-java calls without a DataFetchingEnvironment unless asked for
	 * one: a trivial (property) fetcher that is not an introspection fetcher.
	 */
	public static boolean isPlain(DataFetcher<?> fetcher) {
		return fetcher instanceof TrivialDataFetcher && !(fetcher instanceof IntrospectionDataFetcher);
	}

	@Override
	public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
			InstrumentationState state) {
		return this.fieldExecution ? super.beginFieldExecution(parameters, state) : SimpleInstrumentationContext.noOp();
	}

	@Override
	public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		return this.fieldFetching ? super.beginFieldFetching(parameters, state)
				: FieldFetchingInstrumentationContext.NOOP;
	}

	@Override
	public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
			InstrumentationState state) {
		return this.fieldCompletion ? super.beginFieldCompletion(parameters, state)
				: SimpleInstrumentationContext.noOp();
	}

	@Override
	public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
			InstrumentationState state) {
		return this.fieldListCompletion ? super.beginFieldListCompletion(parameters, state)
				: SimpleInstrumentationContext.noOp();
	}

	@Override
	public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
			InstrumentationState state) {
		return this.executeObject ? super.beginExecuteObject(parameters, state)
				: ExecuteObjectInstrumentationContext.NOOP;
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		if (!this.dataFetchers || (this.plainFetchersPass && parameters.isTrivialDataFetcher() && isPlain(fetcher))) {
			return fetcher;
		}
		return super.instrumentDataFetcher(fetcher, parameters, state);
	}

	private static boolean anyImplements(List<Instrumentation> members, String hook, Class<?>... parameters) {
		return members.stream().anyMatch((member) -> implementsHook(member, hook, parameters));
	}

	/**
	 * Whether the member's class (or a superclass other than graphql-java's do-nothing
	 * bases) declares the hook.
	 */
	static boolean implementsHook(Instrumentation member, String hook, Class<?>... parameters) {
		Class<?>[] types = Arrays.copyOf(parameters, parameters.length + 1);
		types[parameters.length] = InstrumentationState.class;
		try {
			Method method = member.getClass().getMethod(hook, types);
			Class<?> declaring = method.getDeclaringClass();
			return declaring != Instrumentation.class && declaring != SimplePerformantInstrumentation.class;
		}
		catch (NoSuchMethodException ex) {
			// a hook this graphql-java does not have: call it as the plain chain would
			return true;
		}
	}

}
