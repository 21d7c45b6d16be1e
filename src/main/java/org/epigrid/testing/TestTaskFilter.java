package org.epigrid.testing;

import java.util.ArrayList;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.epigrid.places.Areas;
import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.TEST_TASK;

/** The {@code TestTaskFilter} input. */
record TestTaskFilter(@Nullable String area, @Nullable List<TestTaskStatus> statuses,
		@Nullable List<TestTaskSource> sourceKinds, @Nullable Boolean overdue) {

	static final TestTaskFilter NONE = new TestTaskFilter(null, null, null, null);

	Condition toCondition() {
		List<Condition> conditions = new ArrayList<>();
		if (this.area != null) {
			long areaId = GlobalId.decode(this.area, "Place");
			conditions.add(TEST_TASK.PERSON_ID
				.in(DSL.select(PERSON.ID).from(PERSON).where(Areas.within(PERSON.RESIDENCE_PLACE_ID, areaId))));
		}
		if (this.statuses != null) {
			conditions.add(TEST_TASK.STATUS.in(this.statuses.stream().map(Enum::name).toList()));
		}
		if (this.sourceKinds != null) {
			conditions.add(TEST_TASK.SOURCE_KIND.in(this.sourceKinds.stream().map(Enum::name).toList()));
		}
		if (this.overdue != null) {
			Condition overdue = TestTaskQueries.overdue();
			conditions.add(this.overdue ? overdue : DSL.not(overdue));
		}
		return DSL.and(conditions);
	}

}
