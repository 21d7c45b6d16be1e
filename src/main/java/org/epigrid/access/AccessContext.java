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

	/** A record's place is not known from its fields alone (rely on its parent). */
	static final long UNKNOWN = Long.MIN_VALUE;

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
	 * Whether a record may be shown to the caller: true when its place is in scope, or
	 * when its place cannot be told from its fields and {@code unknownAllowed}.
	 */
	boolean visible(Object record, boolean unknownAllowed) {
		long place = placeOf(record);
		if (place == UNKNOWN) {
			return unknownAllowed;
		}
		return place != NOWHERE && inScope(place);
	}

	/** Loads the places of all sites and people referenced by these records at once. */
	void prefetch(Collection<?> records) {
		List<Long> sites = new ArrayList<>();
		List<Long> people = new ArrayList<>();
		for (Object record : records) {
			if (record == null) {
				continue;
			}
			PlaceAccessor accessor = ACCESSORS.get(record.getClass());
			Long id = accessor.reference(record);
			if (id == null) {
				continue;
			}
			if (accessor.kind() == PlaceAccessor.Kind.SITE && !this.sitePlaces.containsKey(id)) {
				sites.add(id);
			}
			if (accessor.kind() == PlaceAccessor.Kind.PERSON && !this.personPlaces.containsKey(id)) {
				people.add(id);
			}
		}
		load(sites, "SELECT id, place_id FROM site WHERE id = ANY (?)", this.sitePlaces);
		load(people, "SELECT id, residence_place_id FROM person WHERE id = ANY (?)", this.personPlaces);
	}

	private void load(List<Long> ids, String sql, Map<Long, Long> into) {
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

	long placeOf(Object record) {
		PlaceAccessor accessor = ACCESSORS.get(record.getClass());
		Long id = accessor.reference(record);
		return switch (accessor.kind()) {
			case NONE -> UNKNOWN;
			case PLACE -> (id != null) ? id : NOWHERE;
			case SITE, PERSON -> {
				if (id == null) {
					yield NOWHERE;
				}
				Map<Long, Long> cache = (accessor.kind() == PlaceAccessor.Kind.SITE) ? this.sitePlaces
						: this.personPlaces;
				if (!cache.containsKey(id)) {
					prefetch(List.of(record));
				}
				yield cache.getOrDefault(id, NOWHERE);
			}
		};
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

	/** How to find the place of a record class from its components. */
	record PlaceAccessor(Kind kind, @Nullable RecordComponent component) {

		enum Kind {

			NONE, PLACE, SITE, PERSON

		}

		static PlaceAccessor of(Class<?> type) {
			if (!type.isRecord()) {
				return new PlaceAccessor(Kind.NONE, null);
			}
			RecordComponent[] components = type.getRecordComponents();
			if (type.getSimpleName().equals("Place")) {
				return find(components, Kind.PLACE, "id");
			}
			for (String name : List.of("placeId", "residencePlaceId", "areaPlaceId", "areaId")) {
				PlaceAccessor accessor = find(components, Kind.PLACE, name);
				if (accessor.kind() != Kind.NONE) {
					return accessor;
				}
			}
			PlaceAccessor site = find(components, Kind.SITE, "siteId");
			if (site.kind() != Kind.NONE) {
				return site;
			}
			return find(components, Kind.PERSON, "personId");
		}

		private static PlaceAccessor find(RecordComponent[] components, Kind kind, String name) {
			for (RecordComponent component : components) {
				Class<?> type = component.getType();
				if (component.getName().equals(name) && (type == long.class || type == Long.class)) {
					component.getAccessor().setAccessible(true);
					return new PlaceAccessor(kind, component);
				}
			}
			return new PlaceAccessor(Kind.NONE, null);
		}

		@Nullable Long reference(Object record) {
			if (this.component == null) {
				return null;
			}
			try {
				return (Long) this.component.getAccessor().invoke(record);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
