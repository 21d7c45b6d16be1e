package org.epigrid.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.TEST_TASK;

/** SQL for test tasks. Every method is one statement. */
@Repository
@Transactional(readOnly = true)
class TestTaskQueries {

	private final DSLContext db;

	TestTaskQueries(DSLContext db) {
		this.db = db;
	}

	/** Open past the deadline; the same rule for the filter and the field. */
	static Condition overdue() {
		return TEST_TASK.STATUS.eq(TestTaskStatus.OPEN.name()).and(TEST_TASK.DUE_AT.lt(DSL.currentOffsetDateTime()));
	}

	private static List<SelectField<?>> fields() {
		return List.of(TEST_TASK.ID, TEST_TASK.PERSON_ID, TEST_TASK.PURPOSE, TEST_TASK.REASON, TEST_TASK.SOURCE_KIND,
				TEST_TASK.SOURCE_ID, TEST_TASK.CREATED_AT, TEST_TASK.DUE_AT, TEST_TASK.STATUS, TEST_TASK.SAMPLE_ID,
				TEST_TASK.CLOSED_AT, DSL.field(overdue()).as("overdue"));
	}

	private static TestTask toTask(Record r) {
		return new TestTask(r.get(TEST_TASK.ID), r.get(TEST_TASK.PERSON_ID),
				SamplePurpose.valueOf(r.get(TEST_TASK.PURPOSE)), r.get(TEST_TASK.REASON),
				TestTaskSource.valueOf(r.get(TEST_TASK.SOURCE_KIND)), r.get(TEST_TASK.SOURCE_ID),
				r.get(TEST_TASK.CREATED_AT), r.get(TEST_TASK.DUE_AT), TestTaskStatus.valueOf(r.get(TEST_TASK.STATUS)),
				r.get(TEST_TASK.SAMPLE_ID), r.get(TEST_TASK.CLOSED_AT), r.get("overdue", Boolean.class));
	}

	/** Most urgent first: by deadline, then id. */
	Connection<TestTask> testTasks(TestTaskFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		Condition keyset = (after != null)
				? DSL.row(TEST_TASK.DUE_AT, TEST_TASK.ID).gt(DSL.row(after.timeAt(0), after.longAt(1)))
				: DSL.noCondition();
		List<TestTask> rows = this.db.select(fields())
			.from(TEST_TASK)
			.where(where, keyset)
			.orderBy(TEST_TASK.DUE_AT, TEST_TASK.ID)
			.limit(page.limit())
			.fetch(TestTaskQueries::toTask);
		return Connection.of(rows, page, (task) -> Cursor.encode(task.dueAt(), task.id()),
				() -> this.db.fetchCount(TEST_TASK, where));
	}

	Optional<TestTask> testTask(long id) {
		return this.db.select(fields())
			.from(TEST_TASK)
			.where(TEST_TASK.ID.eq(id))
			.fetchOptional(TestTaskQueries::toTask);
	}

	/** Each person's tasks, newest first. */
	Map<Long, List<TestTask>> tasksOfPeople(Collection<Long> personIds) {
		Map<Long, List<TestTask>> tasks = new LinkedHashMap<>();
		this.db.select(fields())
			.from(TEST_TASK)
			.where(TEST_TASK.PERSON_ID.in(personIds))
			.orderBy(TEST_TASK.PERSON_ID, TEST_TASK.CREATED_AT.desc(), TEST_TASK.ID.desc())
			.fetch(TestTaskQueries::toTask)
			.forEach((task) -> tasks.computeIfAbsent(task.personId(), (k) -> new ArrayList<>()).add(task));
		return tasks;
	}

}
