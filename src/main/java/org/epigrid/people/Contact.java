package org.epigrid.people;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * An exposure edge from a source person to a contact (密接/次密接). {@code overdue} is
 * computed by the database: not traced and past {@code traceDueAt}.
 */
public record Contact(long id, long sourcePersonId, long contactPersonId, ContactDegree degree,
		OffsetDateTime exposureAt, @Nullable Long exposureSiteId, @Nullable ExposureSetting exposureSetting,
		OffsetDateTime identifiedAt, OffsetDateTime traceDueAt, @Nullable OffsetDateTime tracedAt, boolean overdue,
		int version) {

}
