package org.epigrid.support;

import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DefaultExecuteListenerProvider;

import org.springframework.boot.jooq.autoconfigure.DefaultConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Counts the SQL statements jOOQ executes, so tests can show that a query is not N+1. */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter implements ExecuteListener {

	private final AtomicInteger count = new AtomicInteger();

	@Override
	public void executeStart(ExecuteContext ctx) {
		this.count.incrementAndGet();
	}

	public void reset() {
		this.count.set(0);
	}

	public int count() {
		return this.count.get();
	}

	@Bean
	DefaultConfigurationCustomizer countStatements() {
		return (configuration) -> configuration.set(new DefaultExecuteListenerProvider(this));
	}

}
