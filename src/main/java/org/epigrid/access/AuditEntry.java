package org.epigrid.access;

import java.time.OffsetDateTime;
import java.util.List;

/** One audit record. */
public record AuditEntry(long id, OffsetDateTime at, String actor, Role role, String operation, List<Long> personIds) {

}
