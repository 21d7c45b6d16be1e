package org.epigrid.testing;

import java.time.OffsetDateTime;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.people.TestResults;

import static org.epigrid.jooq.Tables.SAMPLE;

/**
 * The people feature's view of test results, answered from the samples this feature owns.
 * Only results recorded on the person's own samples count; a pool's result is not read
 * here (a positive pool is not yet a positive person).
 */
@Component
@Transactional(readOnly = true)
public class PersonTestResults implements TestResults {

	private final DSLContext db;

	public PersonTestResults(DSLContext db) {
		this.db = db;
	}

	@Override
	public long negativePcrResultsSince(long personId, OffsetDateTime since) {
		return this.db.fetchCount(SAMPLE, SAMPLE.PERSON_ID.eq(personId), SAMPLE.KIND.eq("PCR"),
				SAMPLE.RESULT.eq("NEGATIVE"), SAMPLE.COLLECTED_AT.ge(since),
				SAMPLE.COLLECTED_AT.le(DSL.currentOffsetDateTime()));
	}

	@Override
	public boolean positiveResultSince(long personId, OffsetDateTime since) {
		return this.db.fetchExists(SAMPLE, SAMPLE.PERSON_ID.eq(personId), SAMPLE.RESULT.eq("POSITIVE"),
				SAMPLE.RESULTED_AT.ge(since));
	}

}
