package org.epigrid.testing;

import java.time.OffsetDateTime;

/**
 * Published (inside the reporting transaction) when a person's individual sample is
 * reported POSITIVE: the people feature raises a case candidate from it. Pools never
 * publish it; their members are re-tested individually first.
 *
 * @param sampleId the positive sample
 * @param personId the person it was taken from
 * @param resultedAt when the result was established
 */
public record PositiveResult(long sampleId, long personId, OffsetDateTime resultedAt) {

}
