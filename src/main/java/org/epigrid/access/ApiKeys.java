package org.epigrid.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static org.epigrid.jooq.Tables.API_KEY;
import static org.epigrid.jooq.Tables.PLACE;

/**
 * Creates, looks up and revokes API keys. Keys are random 32-byte values; only their
 * SHA-256 hash is stored. Lookups (one per request) go through plain JDBC and a cache of
 * a few seconds, so they neither show up in jOOQ statement counts nor cost a query per
 * request.
 */
@Service
public class ApiKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final long CACHE_NANOS = 5_000_000_000L;

	private final DSLContext db;

	private final JdbcTemplate jdbc;

	private final Map<String, Cached> cache = new ConcurrentHashMap<>();

	ApiKeys(DSLContext db, JdbcTemplate jdbc) {
		this.db = db;
		this.jdbc = jdbc;
	}

	/** A fresh random key, as handed to its holder once. */
	static String newKey() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "epg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String key) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The caller a key stands for, if it exists, is not revoked and has not expired. */
	Optional<Caller> authenticate(String key) {
		String hash = hash(key);
		long now = System.nanoTime();
		Cached cached = this.cache.get(hash);
		if (cached != null && now - cached.at() < CACHE_NANOS) {
			return Optional.ofNullable(cached.caller());
		}
		List<Caller> found = this.jdbc.query(
				"SELECT id, name, role, area_place_id, rate_limit FROM api_key WHERE key_hash = ? AND revoked_at IS NULL"
						+ " AND (expires_at IS NULL OR expires_at > now())",
				(rs, row) -> new Caller(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)),
						(Long) rs.getObject(4, Long.class), (Integer) rs.getObject(5, Integer.class)),
				hash);
		Caller caller = found.isEmpty() ? null : found.get(0);
		if (this.cache.size() > 10_000) {
			this.cache.clear();
		}
		this.cache.put(hash, new Cached(caller, now));
		return Optional.ofNullable(caller);
	}

	@Transactional
	ApiKey create(String name, Role role, @Nullable Long area, @Nullable Integer rateLimit,
			@Nullable OffsetDateTime expiresAt, String key, String createdBy) {
		Record row = this.db.insertInto(API_KEY)
			.set(API_KEY.NAME, name)
			.set(API_KEY.KEY_HASH, hash(key))
			.set(API_KEY.ROLE, role.name())
			.set(API_KEY.AREA_PLACE_ID, area)
			.set(API_KEY.RATE_LIMIT, rateLimit)
			.set(API_KEY.EXPIRES_AT, expiresAt)
			.set(API_KEY.CREATED_BY, createdBy)
			.returning()
			.fetchOne();
		return toApiKey(row);
	}

	/** Makes sure an ADMIN key with this value exists (and is usable). */
	void ensureAdmin(String key, String name) {
		this.db.insertInto(API_KEY)
			.set(API_KEY.NAME, name)
			.set(API_KEY.KEY_HASH, hash(key))
			.set(API_KEY.ROLE, Role.ADMIN.name())
			.onConflict(API_KEY.KEY_HASH)
			.doUpdate()
			.set(API_KEY.ROLE, Role.ADMIN.name())
			.set(API_KEY.NAME, name)
			.setNull(API_KEY.AREA_PLACE_ID)
			.setNull(API_KEY.REVOKED_AT)
			.setNull(API_KEY.EXPIRES_AT)
			.execute();
		this.cache.clear();
	}

	/** Whether the place a key would be scoped to exists. */
	boolean placeExists(long place) {
		return this.db.fetchExists(PLACE, PLACE.ID.eq(place));
	}

	boolean anyActiveAdmin() {
		return this.db.fetchExists(API_KEY,
				API_KEY.ROLE.eq(Role.ADMIN.name())
					.and(API_KEY.REVOKED_AT.isNull())
					.and(API_KEY.EXPIRES_AT.isNull().or(API_KEY.EXPIRES_AT.gt(OffsetDateTime.now()))));
	}

	@Transactional
	Optional<ApiKey> revoke(long id) {
		Record row = this.db.update(API_KEY)
			.set(API_KEY.REVOKED_AT, OffsetDateTime.now())
			.where(API_KEY.ID.eq(id))
			.and(API_KEY.REVOKED_AT.isNull())
			.returning()
			.fetchOne();
		this.cache.clear();
		if (row == null) {
			return find(id);
		}
		return Optional.of(toApiKey(row));
	}

	Optional<ApiKey> find(long id) {
		return this.db.selectFrom(API_KEY).where(API_KEY.ID.eq(id)).fetchOptional().map(ApiKeys::toApiKey);
	}

	List<ApiKey> list() {
		return this.db.selectFrom(API_KEY).orderBy(API_KEY.ID.desc()).fetch(ApiKeys::toApiKey);
	}

	private static ApiKey toApiKey(Record row) {
		return new ApiKey(row.get(API_KEY.ID), row.get(API_KEY.NAME), Role.valueOf(row.get(API_KEY.ROLE)),
				row.get(API_KEY.AREA_PLACE_ID), row.get(API_KEY.RATE_LIMIT), row.get(API_KEY.EXPIRES_AT),
				row.get(API_KEY.REVOKED_AT), row.get(API_KEY.CREATED_AT), row.get(API_KEY.CREATED_BY));
	}

	private record Cached(@Nullable Caller caller, long at) {
	}

}
