package org.epigrid.testing;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A person who must be tested, as the API shows it.
 *
 * @param sourceId the record that raised the task, in its own feature's table (for
 * {@link TestTaskSource#POOL_RETEST} and {@link TestTaskSource#INVALID_RESULT}: the
 * sample to re-test)
 * @param overdue open past its deadline, as the database saw it when reading the row
 */
public record TestTask(long id, long personId, SamplePurpose purpose, String reason, TestTaskSource sourceKind,
		@Nullable Long sourceId, OffsetDateTime createdAt, OffsetDateTime dueAt, TestTaskStatus status,
		@Nullable Long sampleId, @Nullable OffsetDateTime closedAt, boolean overdue) {

}
