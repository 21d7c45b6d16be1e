package org.epigrid.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import graphql.ErrorClassification;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import graphql.language.AstPrinter;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;

/**
 * Persisted documents and the allow-list of PARTNER keys. The documents are the
 * {@code .graphql} files found at {@code epigrid.security.persisted-queries} (shipped:
 * {@code schema/graphql/persisted/}); each is identified by the SHA-256 (hex) of its text
 * and by that of its normalised form (parsed and printed compactly: no comments, no
 * insignificant white space).
 * <ul>
 * <li>Any caller may send {@code extensions.persistedQuery.sha256Hash} (Apollo's
 * automatic persisted queries) without the document; an unknown hash is a
 * {@code PERSISTED_QUERY_NOT_FOUND} error. Sent with the document, the hash must be the
 * document's.</li>
 * <li>With {@code epigrid.security.partner-allow-list} (the default), a PARTNER request
 * runs only a persisted document, by hash or by its text (compared in normalised form);
 * anything else is refused with FORBIDDEN before it is parsed for execution, so before
 * any SQL. The access matrix still applies to the persisted documents.</li>
 * </ul>
 */
@Component
class PersistedQueries implements WebGraphQlInterceptor {

	private static final Logger log = LoggerFactory.getLogger(PersistedQueries.class);

	static final ErrorClassification NOT_FOUND = ErrorClassification.errorClassification("PERSISTED_QUERY_NOT_FOUND");

	private final boolean partnerAllowList;

	/** Documents by the hash of their text and by the hash of their normalised form. */
	private final Map<String, Persisted> byHash = new HashMap<>();

	private final List<Persisted> documents;

	PersistedQueries(AccessProperties properties, ResourcePatternResolver resources) {
		this.partnerAllowList = properties.partnerAllowList();
		this.documents = load(properties.persistedQueries(), resources);
		for (Persisted document : this.documents) {
			this.byHash.put(document.sha256(), document);
			this.byHash.putIfAbsent(document.normalisedSha256(), document);
		}
		log.info("{} persisted GraphQL documents; PARTNER keys {}", this.documents.size(),
				this.partnerAllowList ? "may run only these" : "may run any document");
	}

	/**
	 * A persisted document.
	 *
	 * @param name file name without {@code .graphql}
	 * @param text the document as stored
	 * @param sha256 SHA-256 (hex) of the text: the id clients send
	 * @param normalisedSha256 SHA-256 (hex) of the normalised text
	 */
	record Persisted(String name, String text, String sha256, String normalisedSha256) {
	}

	List<Persisted> documents() {
		return this.documents;
	}

	Optional<Persisted> find(String hash) {
		return Optional.ofNullable(this.byHash.get(hash.toLowerCase(Locale.ROOT)));
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		String hash = persistedHash(request.getExtensions());
		String document = request.getDocument();
		if (hash != null && PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(document)) {
			Persisted found = this.byHash.get(hash.toLowerCase(Locale.ROOT));
			if (found == null) {
				return refuse(request,
						GraphqlErrorBuilder.newError()
							.message("PersistedQueryNotFound")
							.errorType(NOT_FOUND)
							.extensions(Map.of("code", "PERSISTED_QUERY_NOT_FOUND"))
							.build());
			}
			request.configureExecutionInput((input, builder) -> builder.query(found.text()).build());
			return chain.next(request);
		}
		if (hash != null && !hash.equalsIgnoreCase(sha256(document))) {
			return refuse(request,
					GraphqlErrorBuilder.newError()
						.message("The persisted query hash is not the SHA-256 of the document sent with it")
						.errorType(ErrorType.BAD_REQUEST)
						.extensions(Map.of("code", "PERSISTED_QUERY_HASH_MISMATCH"))
						.build());
		}
		if (this.partnerAllowList && request.getAttributes().get(Caller.KEY) instanceof Caller caller
				&& caller.role() == Role.PARTNER && !listed(document)) {
			return refuse(request,
					GraphqlErrorBuilder.newError()
						.message("PARTNER keys may only run persisted documents (see the README, \"Access control\")")
						.errorType(ErrorType.FORBIDDEN)
						.extensions(Map.of("code", ErrorType.FORBIDDEN.name()))
						.build());
		}
		return chain.next(request);
	}

	/** Whether the document is one of the persisted ones, as sent or once normalised. */
	boolean listed(String document) {
		if (this.byHash.containsKey(sha256(document))) {
			return true;
		}
		String normalised = normalise(document);
		return normalised != null && this.byHash.containsKey(sha256(normalised));
	}

	private static @Nullable String persistedHash(Map<String, Object> extensions) {
		if (extensions.get("persistedQuery") instanceof Map<?, ?> persisted
				&& persisted.get("sha256Hash") instanceof String hash) {
			return hash;
		}
		return null;
	}

	private static Mono<WebGraphQlResponse> refuse(WebGraphQlRequest request, GraphQLError error) {
		ExecutionResult result = ExecutionResult.newExecutionResult().addError(error).build();
		return Mono
			.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
	}

	private static List<Persisted> load(List<String> locations, ResourcePatternResolver resources) {
		Map<String, Persisted> found = new HashMap<>();
		for (String location : locations) {
			try {
				for (Resource resource : resources.getResources(location)) {
					String text = resource.getContentAsString(StandardCharsets.UTF_8);
					String normalised = normalise(text);
					if (normalised == null) {
						throw new IllegalStateException("Persisted document " + resource + " is not valid GraphQL");
					}
					String name = String.valueOf(resource.getFilename()).replaceFirst("\\.graphql$", "");
					Persisted document = new Persisted(name, text, sha256(text), sha256(normalised));
					found.putIfAbsent(document.sha256(), document);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read persisted documents at " + location, ex);
			}
		}
		return found.values().stream().sorted(Comparator.comparing(Persisted::name)).toList();
	}

	/** The document parsed and printed compactly; null when it is not valid GraphQL. */
	static @Nullable String normalise(String document) {
		try {
			return AstPrinter.printAstCompact(Parser.parse(document));
		}
		catch (InvalidSyntaxException ex) {
			return null;
		}
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
