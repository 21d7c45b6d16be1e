package org.epigrid.testing;

import java.time.OffsetDateTime;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import org.epigrid.people.ReturneeArrived;
import org.epigrid.support.Policy;

/**
 * Sends a returnee from a MEDIUM- or HIGH-risk area to be tested (R3): once the arrival
 * is committed, an OPEN test task (purpose and source RETURNEE, one per arrival) is due
 * within the RETURNEE result deadline.
 */
@Component
class ArrivalTests {

	private final TestTasks tasks;

	private final Policy policy;

	ArrivalTests(TestTasks tasks, Policy policy) {
		this.tasks = tasks;
		this.policy = policy;
	}

	@TransactionalEventListener
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void returneeArrived(ReturneeArrived arrival) {
		if (arrival.testsRequired() <= 0) {
			return;
		}
		OffsetDateTime due = OffsetDateTime.now().plus(this.policy.testing().resultDeadline("RETURNEE"));
		this.tasks.open(
				arrival.personId(), SamplePurpose.RETURNEE, "arrived from a " + arrival.riskLevel() + " risk area: "
						+ arrival.testsRequired() + " test(s) on arrival",
				TestTaskSource.RETURNEE, arrival.travelRecordId(), due, "system");
	}

}
