package org.epigrid.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends audit records off the request thread: requests put records in a bounded queue,
 * one writer thread inserts them in batches. When the queue is full a request waits up to
 * {@code epigrid.security.audit-queue-wait}, then writes its own record synchronously; if
 * even that fails the request is refused with an AUDIT_UNAVAILABLE error, so no record is
 * ever dropped silently. Records still queued at shutdown are written before the
 * application stops.
 */
@Component
class AuditLog implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private static final int BATCH = 500;

	private final JdbcTemplate jdbc;

	private final AccessProperties properties;

	private final BlockingQueue<Entry> queue;

	private final Thread writer;

	private volatile boolean running = true;

	AuditLog(JdbcTemplate jdbc, AccessProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.queue = new ArrayBlockingQueue<>(properties.auditQueueCapacity());
		this.writer = new Thread(this::drain, "epigrid-audit-writer");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	/** One audit record. */
	record Entry(Instant at, String actor, Role role, String operation, Set<Long> personIds) {
	}

	/**
	 * Queues a record; false when it could be neither queued nor written (the caller must
	 * refuse the request).
	 */
	boolean append(Entry entry) {
		try {
			if (this.queue.offer(entry, this.properties.auditQueueWait().toNanos(), TimeUnit.NANOSECONDS)) {
				return true;
			}
			write(List.of(entry));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (RuntimeException ex) {
			log.error("Could not write an audit record", ex);
			return false;
		}
	}

	/** Waits until everything queued so far is written (tests). */
	void flush() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!this.queue.isEmpty() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		synchronized (this) {
			// the writer holds the lock while a batch is in flight
		}
	}

	private void drain() {
		List<Entry> batch = new ArrayList<>(BATCH);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Entry first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				synchronized (this) {
					batch.add(first);
					this.queue.drainTo(batch, BATCH - 1);
					writeWithRetry(batch);
					batch.clear();
				}
			}
			catch (InterruptedException ex) {
				if (!this.running) {
					break;
				}
			}
		}
	}

	private void writeWithRetry(List<Entry> batch) throws InterruptedException {
		for (int attempt = 1;; attempt++) {
			try {
				write(batch);
				return;
			}
			catch (RuntimeException ex) {
				log.error("Could not write {} audit records (attempt {}); retrying", batch.size(), attempt, ex);
				Thread.sleep(Math.min(5000, 100L * attempt));
			}
		}
	}

	private void write(List<Entry> batch) {
		this.jdbc.batchUpdate("INSERT INTO audit_log (at, actor, role, operation, person_ids) VALUES (?, ?, ?, ?, ?)",
				batch, batch.size(), (statement, entry) -> {
					statement.setTimestamp(1, Timestamp.from(entry.at()));
					statement.setString(2, entry.actor());
					statement.setString(3, entry.role().name());
					statement.setString(4, entry.operation());
					statement.setArray(5,
							statement.getConnection().createArrayOf("bigint", entry.personIds().toArray()));
				});
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		this.writer.join(TimeUnit.SECONDS.toMillis(10));
	}

}
