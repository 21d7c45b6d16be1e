package org.epigrid.testing;

import org.jspecify.annotations.Nullable;

/**
 * Published (inside the collecting transaction) when a collected sample completes an open
 * test task, so that the feature that raised the task (fever clinics, drug sales, contact
 * tracing) can close its own follow-up.
 *
 * @param taskId the completed task
 * @param personId the person tested
 * @param sourceKind what raised the task
 * @param sourceId the raising record's id in its own feature, if any
 * @param sampleId the sample that completed it
 */
public record TestTaskCompleted(long taskId, long personId, TestTaskSource sourceKind, @Nullable Long sourceId,
		long sampleId) {

}
