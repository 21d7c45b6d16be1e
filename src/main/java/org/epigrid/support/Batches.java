package org.epigrid.support;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/** Helpers for {@code @BatchMapping} methods: results keyed by the parent objects. */
public final class Batches {

	private Batches() {
	}

	/** Maps each parent to its value; parents without one are left out (GraphQL null). */
	public static <K, V> Map<K, V> mapEach(Collection<K> parents, Function<K, @Nullable V> value) {
		Map<K, V> result = new LinkedHashMap<>();
		for (K parent : parents) {
			V v = value.apply(parent);
			if (v != null) {
				result.put(parent, v);
			}
		}
		return result;
	}

	/** Maps each parent to the list found under its key, or an empty list. */
	public static <K, V> Map<K, List<V>> listEach(Collection<K> parents, Function<K, Long> key,
			Map<Long, List<V>> found) {
		return mapEach(parents, (parent) -> found.getOrDefault(key.apply(parent), List.of()));
	}

	/** Ids of the parents, distinct, nulls left out. */
	public static <K> List<Long> distinctIds(Collection<K> parents, Function<K, @Nullable Long> id) {
		return parents.stream().map(id).filter((v) -> v != null).distinct().toList();
	}

}
