package org.epigrid.analytics;

/**
 * How many alerts of a kind an area has.
 *
 * @param kind the kind
 * @param count open alerts
 */
public record AlertCount(AlertKind kind, int count) {

}
