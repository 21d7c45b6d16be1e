package org.epigrid.testing;

import java.util.List;

/**
 * Published once per batch of results (inside the reporting transaction) when it reports
 * individual samples POSITIVE: the people feature raises their case candidates set-wise.
 * A batch without such a result publishes nothing.
 *
 * @param results the positive results, in the order of the batch's rows
 */
public record PositiveResults(List<PositiveResult> results) {

	public PositiveResults {
		results = List.copyOf(results);
	}

}
