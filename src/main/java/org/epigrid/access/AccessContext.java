package org.epigrid.access;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import graphql.GraphQLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Access state of one GraphQL request: the caller, the place ids of its area (loaded
 * once, only for area-scoped callers), and what the audit log must record.
 */
final class AccessContext {

	static final String KEY = "epigrid.access";

	/** A record belongs to no place (e.g. a person without residence). */
	static final long NOWHERE = Long.MIN_VALUE + 1;

	private static final ClassValue<PlaceAccessor> ACCESSORS = new ClassValue<>() {
		@Override
		protected PlaceAccessor computeValue(Class<?> type) {
			return PlaceAccessor.of(type);
		}
	};

	private final Caller caller;

	private final JdbcTemplate jdbc;

	private @Nullable Set<Long> areaPlaces;

	private final Map<Long, Long> sitePlaces = new ConcurrentHashMap<>();

	private final Map<Long, Long> personPlaces = new ConcurrentHashMap<>();

	private final Set<Long> unmaskedPeople = ConcurrentHashMap.newKeySet();

	private final Set<String> operations = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

	private volatile boolean mutation;

	private final Set<Object> partial = java.util.Collections
		.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

	AccessContext(Caller caller, JdbcTemplate jdbc) {
		this.caller = caller;
		this.jdbc = jdbc;
	}

	static @Nullable AccessContext of(GraphQLContext context) {
		return context.get(KEY);
	}

	Caller caller() {
		return this.caller;
	}

	/**
	 * Whether the place is the caller's area or below it (always true for unscoped
	 * callers).
	 */
	boolean inScope(long placeId) {
		if (!this.caller.scoped()) {
			return true;
		}
		return areaPlaces().contains(placeId);
	}

	private synchronized Set<Long> areaPlaces() {
		if (this.areaPlaces == null) {
			this.areaPlaces = new HashSet<>(
					this.jdbc.queryForList("SELECT id FROM place WHERE path <@ (SELECT path FROM place WHERE id = ?)",
							Long.class, this.caller.area()));
		}
		return this.areaPlaces;
	}

	/**
	 * Whether a record may be shown to the caller: true when one of its places (own
	 * place, site, person's residence) is in scope, or when its place cannot be told from
	 * its fields and {@code unknownAllowed}.
	 */
	boolean visible(Object record, boolean unknownAllowed) {
		if (!this.caller.scoped()) {
			return true;
		}
		PlaceAccessor accessor = ACCESSORS.get(record.getClass());
		if (accessor.references().isEmpty()) {
			return unknownAllowed;
		}
		for (Reference reference : accessor.references()) {
			Long id = reference.value(record);
			if (id == null) {
				continue;
			}
			long place = switch (reference.kind()) {
				case PLACE -> id;
				case SITE -> resolve(this.sitePlaces, id, record);
				case PERSON -> resolve(this.personPlaces, id, record);
			};
			if (place != NOWHERE && inScope(place)) {
				return true;
			}
		}
		return false;
	}

	private long resolve(Map<Long, Long> cache, long id, Object record) {
		if (!cache.containsKey(id)) {
			prefetch(List.of(record));
		}
		return cache.getOrDefault(id, NOWHERE);
	}

	/** Loads the places of all sites and people referenced by these records at once. */
	void prefetch(Collection<?> records) {
		if (!this.caller.scoped()) {
			return;
		}
		Set<Long> sites = new HashSet<>();
		Set<Long> people = new HashSet<>();
		for (Object record : records) {
			if (record == null) {
				continue;
			}
			for (Reference reference : ACCESSORS.get(record.getClass()).references()) {
				Long id = reference.value(record);
				if (id == null) {
					continue;
				}
				if (reference.kind() == Kind.SITE && !this.sitePlaces.containsKey(id)) {
					sites.add(id);
				}
				if (reference.kind() == Kind.PERSON && !this.personPlaces.containsKey(id)) {
					people.add(id);
				}
			}
		}
		load(sites, "SELECT id, place_id FROM site WHERE id = ANY (?)", this.sitePlaces);
		load(people, "SELECT id, residence_place_id FROM person WHERE id = ANY (?)", this.personPlaces);
	}

	private void load(Set<Long> ids, String sql, Map<Long, Long> into) {
		if (ids.isEmpty()) {
			return;
		}
		for (Long id : ids) {
			into.put(id, NOWHERE);
		}
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement(sql);
			statement.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
			return statement;
		}, (rs) -> {
			long place = rs.getLong(2);
			into.put(rs.getLong(1), rs.wasNull() ? NOWHERE : place);
		});
	}

	private static final ClassValue<java.lang.reflect.Method> IDS = new ClassValue<>() {
		@Override
		protected java.lang.reflect.Method computeValue(Class<?> type) {
			try {
				java.lang.reflect.Method id = type.getMethod("id");
				id.setAccessible(true);
				return id;
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(type + " has no id", ex);
			}
		}
	};

	/** The database id of a record ({@code id()} component). */
	static long idOf(Object record) {
		try {
			return ((Number) IDS.get(record.getClass()).invoke(record)).longValue();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Whether every existing sample or pool with one of these barcodes is the caller's:
	 * for a LAB key, its laboratory is in scope; for the other roles its place or its
	 * collection site is. One statement for all barcodes; unknown barcodes pass.
	 */
	boolean tubesInScope(Set<String> barcodes) {
		if (!this.caller.scoped()) {
			return true;
		}
		boolean lab = this.caller.role() == Role.LAB;
		boolean[] all = { true };
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("""
					SELECT s.place_id, cs.place_id, ls.place_id
					FROM sample s
					LEFT JOIN site cs ON cs.id = s.collection_site_id
					LEFT JOIN site ls ON ls.id = s.lab_site_id
					WHERE s.barcode = ANY (?)
					UNION ALL
					SELECT NULL, cs.place_id, ls.place_id
					FROM pool p
					LEFT JOIN site cs ON cs.id = p.collection_site_id
					LEFT JOIN site ls ON ls.id = p.lab_site_id
					WHERE p.barcode = ANY (?)""");
			var array = connection.createArrayOf("text", barcodes.toArray());
			statement.setArray(1, array);
			statement.setArray(2, array);
			return statement;
		}, (rs) -> {
			boolean mine = lab ? inScope(rs, 3) : inScope(rs, 1) || inScope(rs, 2);
			all[0] &= mine;
		});
		return all[0];
	}

	private boolean inScope(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
		long place = rs.getLong(column);
		return !rs.wasNull() && inScope(place);
	}

	/**
	 * Marks a connection from which the area check dropped rows (its total count is not
	 * the caller's).
	 */
	void markPartial(Object connection) {
		this.partial.add(connection);
	}

	boolean isPartial(Object connection) {
		return this.partial.contains(connection);
	}

	void unmasked(long personId) {
		this.unmaskedPeople.add(personId);
	}

	Set<Long> unmaskedPeople() {
		return this.unmaskedPeople;
	}

	void operation(String name, boolean isMutation) {
		this.operations.add(name);
		if (isMutation) {
			this.mutation = true;
		}
	}

	boolean mutation() {
		return this.mutation;
	}

	String operations() {
		synchronized (this.operations) {
			return String.join(",", this.operations);
		}
	}

	enum Kind {

		PLACE, SITE, PERSON

	}

	/** One component of a record that names a place, a site or a person. */
	record Reference(Kind kind, RecordComponent component) {

		@Nullable Long value(Object record) {
			try {
				return (Long) this.component.getAccessor().invoke(record);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/**
	 * Where a record class lives: the components naming a place, site or person; the
	 * record is in scope when any of them is (a transfer between two counties is seen by
	 * both).
	 */
	record PlaceAccessor(List<Reference> references) {

		private static final Map<String, Kind> NAMES = Map.ofEntries(Map.entry("placeId", Kind.PLACE),
				Map.entry("residencePlaceId", Kind.PLACE), Map.entry("areaPlaceId", Kind.PLACE),
				Map.entry("areaId", Kind.PLACE), Map.entry("siteId", Kind.SITE), Map.entry("labSiteId", Kind.SITE),
				Map.entry("collectionSiteId", Kind.SITE), Map.entry("warehouseSiteId", Kind.SITE),
				Map.entry("fromSiteId", Kind.SITE), Map.entry("toSiteId", Kind.SITE),
				Map.entry("counterpartSiteId", Kind.SITE), Map.entry("pharmacySiteId", Kind.SITE),
				Map.entry("personId", Kind.PERSON), Map.entry("contactPersonId", Kind.PERSON));

		static PlaceAccessor of(Class<?> type) {
			List<Reference> references = new ArrayList<>();
			if (!type.isRecord()) {
				return new PlaceAccessor(references);
			}
			for (RecordComponent component : type.getRecordComponents()) {
				Class<?> componentType = component.getType();
				if (componentType != long.class && componentType != Long.class) {
					continue;
				}
				Kind kind = type.getSimpleName().equals("Place")
						? (component.getName().equals("id") ? Kind.PLACE : null) : NAMES.get(component.getName());
				if (kind != null) {
					component.getAccessor().setAccessible(true);
					references.add(new Reference(kind, component));
				}
			}
			return new PlaceAccessor(List.copyOf(references));
		}

	}

}
