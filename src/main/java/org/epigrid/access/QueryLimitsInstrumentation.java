package org.epigrid.access;

import graphql.ExecutionResult;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;

/**
 * graphql-java's depth limit and complexity limit in one instrumentation: both check the
 * operation once, after validation and before any field runs (depth first), and the chain
 * of instrumentations, which graphql-java walks for every field of every row, is one
 * member shorter.
 */
class QueryLimitsInstrumentation extends MaxQueryComplexityInstrumentation {

	private final MaxQueryDepthInstrumentation depth;

	QueryLimitsInstrumentation(int maxDepth, int maxComplexity) {
		super(maxComplexity);
		this.depth = new MaxQueryDepthInstrumentation(maxDepth);
	}

	@Override
	public InstrumentationContext<ExecutionResult> beginExecuteOperation(
			InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
		// the depth limit keeps no state of its own
		this.depth.beginExecuteOperation(parameters, null);
		return super.beginExecuteOperation(parameters, state);
	}

}
