package org.epigrid.demo;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Where generated rows go: one open stream per {@code COPY ... FROM STDIN} statement,
 * closed to end the statement. Only one statement is open at a time, as on one
 * connection.
 */
interface CopyTarget {

	OutputStream open(String table, String columns) throws IOException;

	/** COPY through the pgjdbc CopyManager of one connection (text format). */
	static CopyTarget database(PGConnection connection) {
		return new Single() {
			@Override
			OutputStream start(String table, String columns) throws IOException {
				try {
					return new PGCopyOutputStream(connection, "COPY " + table + " (" + columns + ") FROM STDIN",
							1 << 16);
				}
				catch (SQLException ex) {
					throw new IOException(ex);
				}
			}
		};
	}

	/**
	 * Nothing reaches a database; the bytes are hashed (determinism checks, dry runs).
	 */
	final class Digest extends Single {

		private final MessageDigest digest;

		private long bytes;

		Digest() {
			try {
				this.digest = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		OutputStream start(String table, String columns) {
			this.digest.update((table + "(" + columns + ")\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return new OutputStream() {
				@Override
				public void write(int b) {
					Digest.this.digest.update((byte) b);
					Digest.this.bytes++;
				}

				@Override
				public void write(byte[] b, int off, int len) {
					Digest.this.digest.update(b, off, len);
					Digest.this.bytes += len;
				}
			};
		}

		long bytes() {
			return this.bytes;
		}

		String hex() {
			return HexFormat.of().formatHex(this.digest.digest());
		}

	}

	/** Refuses to open a second statement before the first is closed. */
	abstract class Single implements CopyTarget {

		private boolean open;

		abstract OutputStream start(String table, String columns) throws IOException;

		@Override
		public final OutputStream open(String table, String columns) throws IOException {
			if (this.open) {
				throw new IllegalStateException("Another COPY is still open");
			}
			OutputStream stream = start(table, columns);
			this.open = true;
			return new FilterOutputStream(stream) {
				@Override
				public void write(byte[] b, int off, int len) throws IOException {
					this.out.write(b, off, len);
				}

				@Override
				public void close() throws IOException {
					Single.this.open = false;
					super.close();
				}
			};
		}

	}

}
