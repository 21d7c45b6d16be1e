package org.epigrid.analytics;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.scalars.ExtendedScalars;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import tools.jackson.databind.json.JsonMapper;

import org.epigrid.places.Place;
import org.epigrid.places.PlaceLevel;
import org.epigrid.support.GlobalId;
import org.epigrid.testing.SampleKind;
import org.epigrid.testing.SamplePurpose;

/**
 * What an answer of thousands of testingStats buckets costs in graphql-java alone: the
 * benchmark's own document over {@link TestingStatsBucket} records made in memory, on a
 * schema with the same bucket type, executed by a bare {@code GraphQL} (no Spring, no
 * instrumentation, no access checks, no database), and the result written as JSON by
 * Jackson. It is the floor under {@link AnalyticsBenchmark}'s HTTP figures for those
 * answers, whatever the application does. Not part of {@code verify}:
 * {@code java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) org.epigrid.analytics.EngineFloorBenchmark}
 * (50 timed runs after 30 untimed ones, per shape).
 */
public final class EngineFloorBenchmark {

	private static final String SDL = """
			scalar DateTime
			enum SamplePurpose { %s }
			enum SampleKind { %s }
			enum StatsInterval { %s }
			enum StatsGroupBy { %s }
			type Place { name: String!, code: String! }
			type TestingStatsBucket {
			  start: DateTime!, end: DateTime!, groupKey: String, groupLabel: String, childArea: Place,
			  purpose: SamplePurpose, kind: SampleKind, collected: Int!, resulted: Int!, positives: Int!,
			  positivity: Float, turnaroundP50Minutes: Float, turnaroundP90Minutes: Float, overdue: Int!,
			  slaBreaches: Int!
			}
			type Query {
			  testingStats(area: ID!, from: DateTime!, to: DateTime!, interval: StatsInterval!, groupBy: StatsGroupBy): [TestingStatsBucket!]!
			}
			"""
		.formatted(names(SamplePurpose.values()), names(SampleKind.values()), names(StatsInterval.values()),
				names(StatsGroupBy.values()));

	private static final int WARM_UP = 30;

	private static final int RUNS = 50;

	private EngineFloorBenchmark() {
	}

	public static void main(String[] args) {
		List<TestingStatsBucket> byChild = buckets(8, 649, true);
		List<TestingStatsBucket> byPurpose = buckets(6, 676, false);
		GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL),
				RuntimeWiring.newRuntimeWiring()
					.scalar(ExtendedScalars.DateTime)
					.type("Query",
							(type) -> type.dataFetcher("testingStats",
									(env) -> "CHILD_AREA".equals(env.getArgument("groupBy")) ? byChild : byPurpose))
					.build());
		GraphQL graphQl = GraphQL.newGraphQL(schema).build();
		JsonMapper json = JsonMapper.builder().build();
		System.out.printf("[floor] %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name") + " " + Runtime.version());
		System.out.printf("[floor] %-34s %6s %7s %9s %9s %9s %9s %8s%n", "answer (bare graphql-java)", "rows", "fields",
				"exec p50", "exec p95", "JSON p50", "JSON p95", "bytes");
		measure(graphQl, json, "HOUR by CHILD_AREA (city shape)", "CHILD_AREA", byChild.size(), 17);
		measure(graphQl, json, "HOUR by PURPOSE (city shape)", "PURPOSE", byPurpose.size(), 14);
	}

	private static void measure(GraphQL graphQl, JsonMapper json, String name, String groupBy, int rows,
			int fieldsPerRow) {
		ExecutionInput input = ExecutionInput.newExecutionInput()
			.query(AnalyticsBenchmark.testingStatsDocument(groupBy.equals("CHILD_AREA")))
			.variables(Map.of("area", "UGxhY2U6NA", "from", "2026-10-30T13:00:00Z", "to", "2026-11-29T13:00:00Z",
					"interval", "HOUR", "groupBy", groupBy))
			.build();
		long[] exec = new long[RUNS];
		long[] write = new long[RUNS];
		int bytes = 0;
		for (int i = 0; i < WARM_UP + RUNS; i++) {
			long started = System.nanoTime();
			ExecutionResult result = graphQl.execute(input);
			long executed = System.nanoTime();
			byte[] body = json.writeValueAsBytes(result.toSpecification());
			long written = System.nanoTime();
			if (!result.getErrors().isEmpty()) {
				throw new IllegalStateException(result.getErrors().toString());
			}
			if (i >= WARM_UP) {
				exec[i - WARM_UP] = executed - started;
				write[i - WARM_UP] = written - executed;
			}
			bytes = body.length;
		}
		Arrays.sort(exec);
		Arrays.sort(write);
		System.out.printf("[floor] %-34s %6d %7d %9.1f %9.1f %9.1f %9.1f %8d%n", name, rows, rows * fieldsPerRow,
				AnalyticsBenchmark.p50(exec), AnalyticsBenchmark.p95(exec), AnalyticsBenchmark.p50(write),
				AnalyticsBenchmark.p95(write), bytes);
	}

	/** Hourly buckets of {@code groups} groups, filled like the city's. */
	private static List<TestingStatsBucket> buckets(int groups, int hours, boolean byChild) {
		List<TestingStatsBucket> buckets = new ArrayList<>();
		OffsetDateTime first = OffsetDateTime.of(2026, 10, 30, 13, 0, 0, 0, ZoneOffset.ofHours(8));
		for (int hour = 0; hour < hours; hour++) {
			OffsetDateTime start = first.plusHours(hour);
			for (int group = 0; group < groups; group++) {
				int collected = 40 + (hour * 7 + group * 13) % 90;
				int resulted = collected - (hour % 5);
				int positives = (hour + group) % 4;
				Place child = new Place(29 + group, "95010400" + group, "第" + group + "街道", PlaceLevel.TOWNSHIP, 4L,
						"950100.950104.95010400" + group, null, null, null);
				SamplePurpose purpose = SamplePurpose.values()[group % SamplePurpose.values().length];
				buckets.add(new TestingStatsBucket(start, start.plusHours(1),
						byChild ? GlobalId.encode("Place", child.id()) : purpose.name(),
						byChild ? child.name() + " (" + child.code() + ")" : purpose.name(),
						byChild ? child.id() : null, byChild ? null : purpose, null, collected, resulted, positives,
						(double) positives / resulted, 185.0 + group, 375.0 + hour % 60, hour % 3, hour % 2,
						byChild ? child : null));
			}
		}
		return buckets;
	}

	private static String names(Enum<?>[] values) {
		return Arrays.stream(values).map(Enum::name).collect(Collectors.joining(" "));
	}

}
