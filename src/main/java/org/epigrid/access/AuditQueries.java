package org.epigrid.access;

import java.util.Arrays;
import java.util.List;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.access.AccessInputs.AuditLogFilter;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.AUDIT_LOG;

/** The audit log as the API reads it: newest first, filtered, a keyset page at a time. */
@Repository
@Transactional(readOnly = true)
class AuditQueries {

	private final DSLContext db;

	AuditQueries(DSLContext db) {
		this.db = db;
	}

	Connection<AuditEntry> auditLog(@Nullable AuditLogFilter filter, PageRequest page) {
		Cursor.Keys keys = Cursor.decode(page.after(), 1);
		Condition where = DSL.noCondition();
		if (filter != null) {
			if (filter.actor() != null) {
				where = where.and(AUDIT_LOG.ACTOR.eq(filter.actor()));
			}
			if (filter.role() != null) {
				where = where.and(AUDIT_LOG.ROLE.eq(filter.role().name()));
			}
			if (filter.operation() != null) {
				where = where.and(AUDIT_LOG.OPERATION.contains(filter.operation()));
			}
			if (filter.person() != null) {
				long person = GlobalId.decode(filter.person(), "Person");
				where = where.and(DSL.condition("{0} @> {1}", AUDIT_LOG.PERSON_IDS,
						DSL.val(new Long[] { person }, AUDIT_LOG.PERSON_IDS)));
			}
			if (filter.from() != null) {
				where = where.and(AUDIT_LOG.AT.ge(filter.from()));
			}
			if (filter.to() != null) {
				where = where.and(AUDIT_LOG.AT.lt(filter.to()));
			}
		}
		Condition filtered = where;
		Condition paged = (keys != null) ? where.and(AUDIT_LOG.ID.lt(keys.longAt(0))) : where;
		List<AuditEntry> rows = this.db.selectFrom(AUDIT_LOG)
			.where(paged)
			.orderBy(AUDIT_LOG.ID.desc())
			.limit(page.limit())
			.fetch(AuditQueries::toEntry);
		return Connection.of(rows, page, (entry) -> Cursor.encode(entry.id()),
				() -> this.db.fetchCount(AUDIT_LOG, filtered));
	}

	private static AuditEntry toEntry(Record row) {
		Long[] people = row.get(AUDIT_LOG.PERSON_IDS);
		return new AuditEntry(row.get(AUDIT_LOG.ID), row.get(AUDIT_LOG.AT), row.get(AUDIT_LOG.ACTOR),
				Role.valueOf(row.get(AUDIT_LOG.ROLE)), row.get(AUDIT_LOG.OPERATION),
				(people != null) ? Arrays.asList(people) : List.of());
	}

}
