package org.epigrid.analytics;

import org.jspecify.annotations.Nullable;

/**
 * Contact-tracing timeliness for the contacts identified in a period.
 *
 * @param identified contacts identified
 * @param tracedInTime traced by their deadline ({@code trace_due_at})
 * @param tracedLate traced after their deadline
 * @param untracedOverdue not traced, deadline passed
 * @param untracedNotYetDue not traced, deadline still ahead
 * @param timeliness tracedInTime over the contacts whose outcome is known (traced, or
 * deadline passed); null when there are none
 */
public record TracingTimeliness(int identified, int tracedInTime, int tracedLate, int untracedOverdue,
		int untracedNotYetDue, @Nullable Double timeliness) {

}
