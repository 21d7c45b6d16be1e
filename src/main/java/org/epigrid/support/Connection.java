package org.epigrid.support;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A Relay connection page. {@link #totalCount()} runs its count query only when a client
 * selects the field: GraphQL Java's property fetcher calls the method for selected fields
 * only.
 *
 * @param <T> the node type
 */
public final class Connection<T> {

	private final List<Edge<T>> edges;

	private final PageInfo pageInfo;

	private final LongSupplier totalCount;

	private Connection(List<Edge<T>> edges, PageInfo pageInfo, LongSupplier totalCount) {
		this.edges = edges;
		this.pageInfo = pageInfo;
		this.totalCount = totalCount;
	}

	/**
	 * Builds a page from rows fetched with {@link PageRequest#limit()} (one more than
	 * asked for, which tells whether there is a next page).
	 */
	public static <T> Connection<T> of(List<T> rows, PageRequest page, Function<T, String> cursorOf,
			LongSupplier totalCount) {
		boolean hasNext = rows.size() > page.first();
		List<T> nodes = hasNext ? rows.subList(0, page.first()) : rows;
		List<Edge<T>> edges = nodes.stream().map((node) -> new Edge<>(node, cursorOf.apply(node))).toList();
		String start = edges.isEmpty() ? null : edges.get(0).cursor();
		String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
		return new Connection<>(edges, new PageInfo(hasNext, page.after() != null, start, end), totalCount);
	}

	/**
	 * The same page without the rows {@code keep} refuses (access scoping); page info and
	 * total count stay those of the unfiltered page.
	 */
	public Connection<T> retain(Predicate<? super T> keep) {
		return new Connection<>(this.edges.stream().filter((edge) -> keep.test(edge.node())).toList(), this.pageInfo,
				this.totalCount);
	}

	public List<Edge<T>> edges() {
		return this.edges;
	}

	public List<T> nodes() {
		return this.edges.stream().map(Edge::node).toList();
	}

	public PageInfo pageInfo() {
		return this.pageInfo;
	}

	public long totalCount() {
		return this.totalCount.getAsLong();
	}

	/** One row of a page and its cursor. */
	public record Edge<T>(T node, String cursor) {
	}

	/** Relay page info. */
	public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, @Nullable String startCursor,
			@Nullable String endCursor) {
	}

}
