package org.epigrid.testing;

import java.time.OffsetDateTime;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.epigrid.jooq.Tables.TEST_TASK;

/**
 * How other features send a person to be tested (a returnee, a close contact, a
 * fever-clinic patient, a drug buyer) without touching the testing tables. The task is
 * completed when a sample of that person with the task's purpose is collected, which
 * publishes {@link TestTaskCompleted}.
 */
@Service
public class TestTasks {

	private final DSLContext db;

	TestTasks(DSLContext db) {
		this.db = db;
	}

	/**
	 * Opens a test task, or returns the open one already raised by the same source for
	 * that person (a source never opens two at a time). Joins the caller's transaction.
	 * @param personId the person to test
	 * @param purpose the purpose the sample must be collected for
	 * @param reason why, for people; no personal data
	 * @param source what raises the task
	 * @param sourceId the raising record's id in its own feature, if any
	 * @param dueAt by when the sample must be collected
	 * @param actor who raises it, for the audit columns
	 * @return the id of the open task
	 */
	@Transactional
	public long open(long personId, SamplePurpose purpose, String reason, TestTaskSource source,
			@Nullable Long sourceId, OffsetDateTime dueAt, String actor) {
		Long id = this.db.insertInto(TEST_TASK)
			.set(TEST_TASK.PERSON_ID, personId)
			.set(TEST_TASK.PURPOSE, purpose.name())
			.set(TEST_TASK.REASON, reason)
			.set(TEST_TASK.SOURCE_KIND, source.name())
			.set(TEST_TASK.SOURCE_ID, sourceId)
			.set(TEST_TASK.DUE_AT, dueAt)
			.set(TEST_TASK.CREATED_BY, actor)
			.set(TEST_TASK.UPDATED_BY, actor)
			.onConflictDoNothing()
			.returning(TEST_TASK.ID)
			.fetchOptional(TEST_TASK.ID)
			.orElse(null);
		if (id != null) {
			return id;
		}
		return this.db.select(TEST_TASK.ID)
			.from(TEST_TASK)
			.where(TEST_TASK.PERSON_ID.eq(personId), TEST_TASK.SOURCE_KIND.eq(source.name()),
					(sourceId != null) ? TEST_TASK.SOURCE_ID.eq(sourceId) : TEST_TASK.SOURCE_ID.isNull(),
					TEST_TASK.STATUS.eq(TestTaskStatus.OPEN.name()))
			.fetchSingle(TEST_TASK.ID);
	}

}
