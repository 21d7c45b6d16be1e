package org.epigrid.people;

import org.epigrid.places.RiskLevel;

/**
 * Published (inside the recording transaction) when a traveller arrives from a MEDIUM- or
 * HIGH-risk area. The testing feature creates the arrival test tasks from it; listen with
 * {@code @TransactionalEventListener} to act only once the arrival is committed.
 *
 * @param personId the returnee
 * @param travelRecordId the arrival
 * @param riskLevel the origin's risk level at arrival (MEDIUM or HIGH)
 * @param testsRequired how many samples to collect on arrival
 * ({@code epigrid.policy.returnees.tests-on-arrival})
 */
public record ReturneeArrived(long personId, long travelRecordId, RiskLevel riskLevel, int testsRequired) {

}
