package org.epigrid.analytics;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;

import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/** What the scheduled rollup jobs share. */
public final class Rollups {

	private Rollups() {
	}

	/**
	 * A jOOQ context of its own over the same transaction-aware data source: a rollup
	 * refresh runs in the background, outside any request, and request-scoped execute
	 * listeners (statement counts, request metrics) must not see its statements.
	 */
	public static DSLContext backgroundContext(DataSource dataSource) {
		return DSL.using(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(dataSource)),
				SQLDialect.POSTGRES);
	}

}
