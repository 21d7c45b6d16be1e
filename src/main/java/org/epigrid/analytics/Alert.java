package org.epigrid.analytics;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * Something that needs action now.
 *
 * @param kind what kind of problem
 * @param severity how urgent
 * @param what the problem in words, without personal data
 * @param placeId where: the place
 * @param siteId where: the site, when there is one
 * @param since since when the problem stands
 * @param recordId global id of the record to act on
 */
public record Alert(AlertKind kind, AlertSeverity severity, String what, @Nullable Long placeId, @Nullable Long siteId,
		OffsetDateTime since, String recordId) {

}
