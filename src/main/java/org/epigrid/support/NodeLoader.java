package org.epigrid.support;

import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Loads one record of a GraphQL type that implements {@code Node}; each feature registers
 * one bean per type it owns, and {@code node(id:)} dispatches on the type in the global
 * id.
 */
public interface NodeLoader {

	/** The GraphQL type name this loader serves. */
	String type();

	Optional<?> load(long id);

	static NodeLoader of(String type, LongFunction<? extends Optional<?>> load) {
		return new NodeLoader() {
			@Override
			public String type() {
				return type;
			}

			@Override
			public Optional<?> load(long id) {
				return load.apply(id);
			}
		};
	}

}
