package org.epigrid.testing;

import java.time.OffsetDateTime;

/**
 * A person's individual sample reported POSITIVE, one of the {@link PositiveResults} of a
 * batch: the people feature raises a case candidate from it. Pools never give one; their
 * members are re-tested individually first.
 *
 * @param sampleId the positive sample
 * @param personId the person it was taken from
 * @param resultedAt when the result was established
 */
public record PositiveResult(long sampleId, long personId, OffsetDateTime resultedAt) {

}
