package org.epigrid.analytics;

import java.time.LocalDate;

import org.epigrid.places.RiskLevel;

/**
 * Arrivals into an area on one day from origins of one risk level.
 *
 * @param day the day of arrival, in the analytics time zone
 * @param originRiskLevel the origin's risk level at arrival
 * @param arrivals travel records
 */
public record ReturneeInflow(LocalDate day, RiskLevel originRiskLevel, int arrivals) {

}
