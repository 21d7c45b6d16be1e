package org.epigrid.testing;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.people.Person;
import org.epigrid.support.Connection;
import org.epigrid.support.NodeLoader;
import org.epigrid.support.PageRequest;

import static org.epigrid.support.Batches.distinctIds;
import static org.epigrid.support.Batches.listEach;
import static org.epigrid.support.Batches.mapEach;

/** Reads of test tasks. */
@Controller
class TestTaskController {

	private final TestTaskQueries tasks;

	private final SampleQueries samples;

	TestTaskController(TestTaskQueries tasks, SampleQueries samples) {
		this.tasks = tasks;
		this.samples = samples;
	}

	@QueryMapping
	Connection<TestTask> testTasks(@Argument @Nullable TestTaskFilter filter, @Argument @Nullable Integer first,
			@Argument @Nullable String after) {
		return this.tasks.testTasks((filter != null) ? filter : TestTaskFilter.NONE, PageRequest.of(first, after));
	}

	@BatchMapping(typeName = "Person", field = "testTasks")
	Map<Person, List<TestTask>> personTestTasks(List<Person> people) {
		return listEach(people, Person::id, this.tasks.tasksOfPeople(distinctIds(people, Person::id)));
	}

	@BatchMapping(typeName = "TestTask", field = "person")
	Map<TestTask, Person> taskPerson(List<TestTask> tasks) {
		Map<Long, Person> people = this.samples.peopleById(distinctIds(tasks, TestTask::personId));
		return mapEach(tasks, (task) -> people.get(task.personId()));
	}

	@BatchMapping(typeName = "TestTask", field = "sample")
	Map<TestTask, Sample> taskSample(List<TestTask> tasks) {
		Map<Long, Sample> samples = this.samples.samplesById(distinctIds(tasks, TestTask::sampleId));
		return mapEach(tasks, (task) -> (task.sampleId() != null) ? samples.get(task.sampleId()) : null);
	}

	/** {@code node(id:)} for test tasks. */
	@Configuration(proxyBeanMethods = false)
	static class Nodes {

		@Bean
		NodeLoader testTaskNodes(TestTaskQueries queries) {
			return NodeLoader.of("TestTask", queries::testTask);
		}

	}

}
