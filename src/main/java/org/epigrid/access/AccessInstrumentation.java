package org.epigrid.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLImplementingType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import org.jspecify.annotations.Nullable;

import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

import org.epigrid.support.Actor;
import org.epigrid.support.BadRequestException;
import org.epigrid.support.Connection;
import org.epigrid.support.GlobalId;
import org.epigrid.support.LeanInstrumentationChain;
import org.epigrid.support.LeanInstrumentationChain.PassesPlainFetchers;
import org.epigrid.support.NodeLoader;

/**
 * Authorization, area scope, personal-data masking and audit, in one place for every
 * field of every feature:
 * <ul>
 * <li>root fields: the role × field matrix ({@link AccessMatrix}), refused with FORBIDDEN
 * before the field's resolver (and so before any SQL) runs;</li>
 * <li>area-scoped keys: every {@code ID} argument must point into the key's area; an
 * {@code area} filter is forced to the key's area when absent; single records outside the
 * area are refused, lists and connections lose their rows outside the area, and nested
 * cross-links to records outside the area become null;</li>
 * <li>{@code Person.idNumber/phone/fullName/address}: in full, masked or null by role;
 * </li>
 * <li>audit: every mutation and every read that returned unmasked personal data.</li>
 * </ul>
 */
@Component
class AccessInstrumentation extends SimplePerformantInstrumentation implements PassesPlainFetchers {

	static final Set<String> MASKED_FIELDS = Set.of("idNumber", "phone", "fullName", "address");

	/** Node types that belong to no area (catalogues, designations). */
	static final Set<String> AREA_FREE = Set.of("SupplyItem", "RiskDesignation", "ApiKey");

	/**
	 * Input fields that name a sample or pool by its barcode instead of its id; mutations
	 * of area-scoped callers are refused when one names a tube outside the area.
	 */
	static final Set<String> BARCODE_FIELDS = Set.of("barcode", "barcodes", "sampleBarcode");

	private final Map<String, NodeLoader> loaders;

	private final AuditLog audit;

	private final AccessProperties properties;

	AccessInstrumentation(List<NodeLoader> loaders, AuditLog audit, AccessProperties properties) {
		this.properties = properties;
		this.loaders = loaders.stream().collect(Collectors.toMap(NodeLoader::type, Function.identity(), (a, b) -> a));
		this.audit = audit;
	}

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		// Plain property fields need no check: AccessFields has made every field that
		// does non-trivial when the schema was built. Deciding here would cost a
		// DataFetchingEnvironment per field and row, which graphql-java otherwise skips
		// for them (half of the engine's time on an answer of thousands of rows).
		// Introspection fetchers are trivial too, and are checked below.
		if (parameters.isTrivialDataFetcher() && LeanInstrumentationChain.isPlain(fetcher)) {
			return fetcher;
		}
		GraphQLSchema schema = parameters.getExecutionContext().getGraphQLSchema();
		GraphQLFieldDefinition definition = parameters.getField();
		String parent = FieldParents.of(schema).parentOf(definition);
		if (parent == null) {
			parent = parameters.getExecutionStepInfo().getObjectType().getName();
		}
		String field = definition.getName();
		if (field.equals("__schema") || field.equals("__type")) {
			return (env) -> {
				Role role = access(env).caller().role();
				if (!this.properties.introspectionRoles().contains(role)) {
					throw new Forbidden("Role " + role + " may not use introspection");
				}
				return fetcher.get(env);
			};
		}
		boolean query = schema.getQueryType().getName().equals(parent);
		GraphQLObjectType mutationType = schema.getMutationType();
		boolean mutation = mutationType != null && mutationType.getName().equals(parent);
		if (!guarded(parent, definition, query || mutation)) {
			return fetcher;
		}
		if (field.equals("totalCount") && parent.endsWith("Connection")) {
			return (env) -> count(fetcher, env);
		}
		GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
		if (query || mutation) {
			boolean node = isNode(type);
			return (env) -> root(fetcher, env, field, mutation, node);
		}
		if (parent.equals("Person") && MASKED_FIELDS.contains(field)) {
			return (env) -> masked(fetcher, env, field);
		}
		String typeName = ((GraphQLNamedType) type).getName();
		return (env) -> nested(fetcher, env, typeName);
	}

	/**
	 * Whether a field is checked at all: root fields, a connection's total count, the
	 * personal data of people, and every field that leads to another record. Scalars of
	 * records are not (the record they belong to was).
	 * @param parent the object type that has the field
	 * @param definition the field
	 * @param root whether the parent is the query or mutation type
	 */
	static boolean guarded(String parent, GraphQLFieldDefinition definition, boolean root) {
		String field = definition.getName();
		if (field.startsWith("__")) {
			return false;
		}
		if (root || (field.equals("totalCount") && parent.endsWith("Connection"))) {
			return true;
		}
		if (parent.equals("Person") && MASKED_FIELDS.contains(field)) {
			return true;
		}
		GraphQLType type = GraphQLTypeUtil.unwrapAll(definition.getType());
		return type instanceof GraphQLObjectType || type instanceof GraphQLInterfaceType
				|| type instanceof GraphQLUnionType;
	}

	private static boolean isNode(GraphQLType type) {
		if (type instanceof GraphQLInterfaceType named && named.getName().equals("Node")) {
			return true;
		}
		return type instanceof GraphQLImplementingType implementing
				&& implementing.getInterfaces().stream().map(GraphQLNamedOutputType::getName).anyMatch("Node"::equals);
	}

	private static AccessContext access(DataFetchingEnvironment env) {
		AccessContext access = AccessContext.of(env.getGraphQlContext());
		if (access == null) {
			throw new Forbidden("Authentication required");
		}
		return access;
	}

	private Object root(DataFetcher<?> fetcher, DataFetchingEnvironment env, String field, boolean mutation,
			boolean node) throws Exception {
		AccessContext access = access(env);
		Caller caller = access.caller();
		if (!AccessMatrix.allowsRootField(caller.role(), field)) {
			throw new Forbidden("Role " + caller.role() + " may not use " + field);
		}
		access.operation(field, mutation);
		List<String> ids = new ArrayList<>();
		for (GraphQLArgument argument : env.getFieldDefinition().getArguments()) {
			collectIds(env.getArguments().get(argument.getName()), argument.getType(), ids);
		}
		if (field.equals("node")) {
			for (String id : ids) {
				GlobalId globalId = decode(id);
				if (globalId != null && !AccessMatrix.allowsNode(caller.role(), globalId.type())) {
					throw new Forbidden("Role " + caller.role() + " may not read " + globalId.type() + " records");
				}
			}
		}
		if (caller.role() != Role.ADMIN && caller.role() != Role.COMMAND_CENTER && caller.role() != Role.AREA_OFFICER) {
			refusePersonalDataFilters(env, caller.role());
		}
		DataFetchingEnvironment scoped = forceAlertKinds(env, caller.role(), field);
		if (caller.scoped()) {
			for (String id : ids) {
				checkInScope(id, access);
			}
			if (mutation && !(field.equals("receiveSamples") && caller.role() == Role.LAB)) {
				checkBarcodes(env, access);
			}
			scoped = forceArea(scoped, caller);
		}
		Object result = fetcher.get(scoped);
		if (mutation || !caller.scoped()) {
			return result;
		}
		return scope(result, access, true, node);
	}

	/**
	 * Roles that see personal data only masked may not filter by it either: a name, a
	 * whole ID number or a phone in a filter would tell them whether that person is
	 * registered (and where). The 6-character division code of ID numbers is no personal
	 * data.
	 */
	private static void refusePersonalDataFilters(DataFetchingEnvironment env, Role role) {
		if (!(env.getArgument("filter") instanceof Map<?, ?> filter)) {
			return;
		}
		boolean personal = filter.get("nameStartsWith") != null || filter.get("phone") != null
				|| (filter.get("idNumberStartsWith") instanceof String prefix && prefix.strip().length() > 6);
		if (personal) {
			throw new Forbidden("Role " + role
					+ " sees personal data masked and may not filter by name, phone or ID number beyond its first 6 characters");
		}
	}

	private static @Nullable GlobalId decode(String id) {
		try {
			return GlobalId.decode(id);
		}
		catch (BadRequestException ex) {
			return null;
		}
	}

	/** Every {@code ID} value among the arguments, however deep in input objects. */
	private static void collectIds(@Nullable Object value, GraphQLInputType type, List<String> ids) {
		if (value == null) {
			return;
		}
		GraphQLType unwrapped = (type instanceof GraphQLNonNull nonNull) ? nonNull.getWrappedType() : type;
		if (unwrapped instanceof GraphQLList list && value instanceof Iterable<?> values) {
			for (Object element : values) {
				collectIds(element, (GraphQLInputType) list.getWrappedType(), ids);
			}
		}
		else if (unwrapped instanceof GraphQLScalarType scalar && scalar.getName().equals("ID")
				&& value instanceof String id) {
			ids.add(id);
		}
		else if (unwrapped instanceof GraphQLInputObjectType input && value instanceof Map<?, ?> fields) {
			for (GraphQLInputObjectField inputField : input.getFieldDefinitions()) {
				collectIds(fields.get(inputField.getName()), inputField.getType(), ids);
			}
		}
	}

	private void checkInScope(String id, AccessContext access) {
		GlobalId globalId = decode(id);
		if (globalId == null || AREA_FREE.contains(globalId.type())) {
			return;
		}
		if (globalId.type().equals("Place")) {
			if (!access.inScope(globalId.id())) {
				throw outsideArea();
			}
			return;
		}
		NodeLoader loader = this.loaders.get(globalId.type());
		if (loader == null) {
			return;
		}
		Optional<?> record = loader.load(globalId.id());
		if (record.isPresent() && !access.visible(record.get(), false)) {
			throw outsideArea();
		}
	}

	/**
	 * Every existing sample or pool a mutation names by barcode must be the caller's: for
	 * a LAB key its laboratory is in the area, for the other roles its place (the
	 * person's residence) or its collection site is. Unknown barcodes are left to the
	 * mutation. A LAB receiving tubes ({@code receiveSamples}) is checked by the
	 * receiving laboratory only, which becomes the tubes' laboratory.
	 */
	private static void checkBarcodes(DataFetchingEnvironment env, AccessContext access) {
		Set<String> barcodes = new java.util.LinkedHashSet<>();
		for (GraphQLArgument argument : env.getFieldDefinition().getArguments()) {
			collectBarcodes(env.getArguments().get(argument.getName()), argument.getName(), argument.getType(),
					barcodes);
		}
		if (!barcodes.isEmpty() && !access.tubesInScope(barcodes)) {
			throw new Forbidden("A sample or pool named by barcode is outside the area of this key");
		}
	}

	private static void collectBarcodes(@Nullable Object value, String name, GraphQLInputType type,
			Set<String> barcodes) {
		if (value == null) {
			return;
		}
		GraphQLType unwrapped = (type instanceof GraphQLNonNull nonNull) ? nonNull.getWrappedType() : type;
		if (unwrapped instanceof GraphQLList list && value instanceof Iterable<?> values) {
			for (Object element : values) {
				collectBarcodes(element, name, (GraphQLInputType) list.getWrappedType(), barcodes);
			}
		}
		else if (unwrapped instanceof GraphQLInputObjectType input && value instanceof Map<?, ?> fields) {
			for (GraphQLInputObjectField inputField : input.getFieldDefinitions()) {
				collectBarcodes(fields.get(inputField.getName()), inputField.getName(), inputField.getType(), barcodes);
			}
		}
		else if (value instanceof String text && BARCODE_FIELDS.contains(name)) {
			barcodes.add(text.strip().toUpperCase(java.util.Locale.ROOT));
		}
	}

	/**
	 * {@code alerts} of a role limited to some kinds: without {@code kinds} it lists
	 * those; naming another kind is FORBIDDEN.
	 */
	private static DataFetchingEnvironment forceAlertKinds(DataFetchingEnvironment env, Role role, String field) {
		Set<String> allowed = AccessMatrix.alertKinds(role);
		if (!field.equals("alerts") || allowed == null) {
			return env;
		}
		Object kinds = env.getArguments().get("kinds");
		if (kinds instanceof Iterable<?> given) {
			for (Object kind : given) {
				if (!allowed.contains(String.valueOf(kind))) {
					throw new Forbidden("Role " + role + " may not list " + kind + " alerts");
				}
			}
			return env;
		}
		Map<String, Object> arguments = new LinkedHashMap<>(env.getArguments());
		arguments.put("kinds", List.copyOf(new java.util.TreeSet<>(allowed)));
		return DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env).arguments(arguments).build();
	}

	private static Forbidden outsideArea() {
		return new Forbidden("The record is outside the area of this key");
	}

	/** Root fields with an {@code area} filter get the key's area when none is given. */
	private static DataFetchingEnvironment forceArea(DataFetchingEnvironment env, Caller caller) {
		GraphQLArgument argument = env.getFieldDefinition().getArgument("filter");
		if (argument == null || !(GraphQLTypeUtil.unwrapAll(argument.getType()) instanceof GraphQLInputObjectType input)
				|| input.getField("area") == null) {
			return env;
		}
		Map<String, Object> arguments = new LinkedHashMap<>(env.getArguments());
		Map<String, Object> filter = new LinkedHashMap<>();
		if (arguments.get("filter") instanceof Map<?, ?> given) {
			given.forEach((key, value) -> filter.put((String) key, value));
		}
		if (filter.get("area") == null) {
			filter.put("area", GlobalId.encode("Place", caller.area()));
		}
		arguments.put("filter", filter);
		return DataFetchingEnvironmentImpl.newDataFetchingEnvironment(env).arguments(arguments).build();
	}

	/**
	 * Drops what lies outside the caller's area: a single root record is refused, a
	 * nested one becomes null, lists and connections lose those rows.
	 */
	private Object scope(@Nullable Object value, AccessContext access, boolean root, boolean node) {
		if (value == null) {
			return null;
		}
		if (value instanceof CompletionStage<?> stage) {
			return stage.thenApply((resolved) -> scope(resolved, access, root, node)).toCompletableFuture();
		}
		if (value instanceof DataFetcherResult<?> result) {
			return DataFetcherResult.newResult()
				.data(scope(result.getData(), access, root, node))
				.errors(result.getErrors())
				.localContext(result.getLocalContext())
				.build();
		}
		if (value instanceof Connection<?> connection) {
			access.prefetch(connection.nodes());
			Connection<?> kept = connection.retain((row) -> access.visible(row, true));
			if (kept.edges().size() < connection.edges().size()) {
				access.markPartial(kept);
			}
			return kept;
		}
		if (value instanceof List<?> list) {
			access.prefetch(list);
			return list.stream().filter((row) -> row == null || access.visible(row, true)).toList();
		}
		boolean unknownAllowed = !root || !node || AREA_FREE.contains(value.getClass().getSimpleName());
		if (access.visible(value, unknownAllowed)) {
			return value;
		}
		if (root) {
			throw outsideArea();
		}
		return null;
	}

	private Object nested(DataFetcher<?> fetcher, DataFetchingEnvironment env, String typeName) throws Exception {
		AccessContext access = access(env);
		Caller caller = access.caller();
		if (!AccessMatrix.allowsType(caller.role(), typeName)) {
			throw new Forbidden("Role " + caller.role() + " may not read " + AccessMatrix.baseType(typeName));
		}
		Object value = fetcher.get(env);
		return caller.scoped() ? scope(value, access, false, false) : value;
	}

	/**
	 * A connection's {@code totalCount} counts in SQL, with the key's area forced into
	 * the filter. Should the area check after SQL still have dropped rows of the page,
	 * the count would include records the key may not see: it is refused rather than
	 * shown.
	 */
	private Object count(DataFetcher<?> fetcher, DataFetchingEnvironment env) throws Exception {
		Object connection = env.getSource();
		if (connection != null && access(env).isPartial(connection)) {
			throw new Forbidden("The total count would include records outside the area of this key");
		}
		return fetcher.get(env);
	}

	private Object masked(DataFetcher<?> fetcher, DataFetchingEnvironment env, String field) throws Exception {
		AccessContext access = access(env);
		Caller caller = access.caller();
		Object value = fetcher.get(env);
		Object person = env.getSource();
		boolean full = switch (caller.role()) {
			case ADMIN, COMMAND_CENTER -> true;
			case AREA_OFFICER -> caller.area() == null || (person != null && access.visible(person, false));
			default -> false;
		};
		if (caller.role() == Role.PARTNER) {
			return null;
		}
		if (full) {
			if (value != null && person != null) {
				access.unmasked(AccessContext.idOf(person));
			}
			return value;
		}
		return (value instanceof String text) ? Masks.mask(field, text) : value;
	}

	@Override
	public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
			InstrumentationExecutionParameters parameters, InstrumentationState state) {
		AccessContext access = AccessContext.of(parameters.getGraphQLContext());
		if (access == null || (!access.mutation() && access.unmaskedPeople().isEmpty())) {
			return CompletableFuture.completedFuture(result);
		}
		Caller caller = access.caller();
		Actor actor = parameters.getGraphQLContext().get(Actor.KEY);
		String name = (actor == null || actor.name().equals(caller.name())) ? caller.name()
				: caller.name() + " for " + actor.name();
		String operation = (access.mutation() ? "mutation " : "query ") + access.operations();
		if (this.audit.append(new AuditLog.Entry(Instant.now(), name, caller.role(), operation,
				Set.copyOf(access.unmaskedPeople())))) {
			return CompletableFuture.completedFuture(result);
		}
		return CompletableFuture.completedFuture(ExecutionResult.newExecutionResult()
			.addError(GraphqlErrorBuilder.newError()
				.message("The audit log cannot record this request now; it was refused")
				.errorType(ErrorType.INTERNAL_ERROR)
				.extensions(Map.of("code", "AUDIT_UNAVAILABLE"))
				.build())
			.build());
	}

}
