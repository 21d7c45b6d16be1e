package org.epigrid.support;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** {@code node(id:)}: any record by its global id. */
@Controller
class NodeController {

	private final Map<String, NodeLoader> loaders;

	NodeController(List<NodeLoader> loaders) {
		this.loaders = loaders.stream().collect(Collectors.toMap(NodeLoader::type, Function.identity()));
	}

	@QueryMapping
	Object node(@Argument String id) {
		GlobalId globalId = GlobalId.decode(id);
		NodeLoader loader = this.loaders.get(globalId.type());
		if (loader == null) {
			throw NotFoundException.of("record", id);
		}
		return loader.load(globalId.id()).orElseThrow(() -> NotFoundException.of(globalId.type(), id));
	}

}
