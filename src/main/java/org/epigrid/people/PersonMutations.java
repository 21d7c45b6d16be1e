package org.epigrid.people;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.BatchMapping;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import org.epigrid.people.CaseInputs.CaseReportPayload;
import org.epigrid.people.CaseInputs.ContactPayload;
import org.epigrid.people.CaseInputs.MarkContactTracedInput;
import org.epigrid.people.CaseInputs.ReclassifyCaseInput;
import org.epigrid.people.CaseInputs.RecordContactInput;
import org.epigrid.people.CaseInputs.ReportCaseInput;
import org.epigrid.people.CaseInputs.ReviewCaseInput;
import org.epigrid.people.ControlMeasureInputs.AssignControlMeasureInput;
import org.epigrid.people.ControlMeasureInputs.CancelControlMeasureInput;
import org.epigrid.people.ControlMeasureInputs.CheckInInput;
import org.epigrid.people.ControlMeasureInputs.ControlMeasurePayload;
import org.epigrid.people.ControlMeasureInputs.RecordHealthCheckInput;
import org.epigrid.people.ControlMeasureInputs.RecordHealthCheckPayload;
import org.epigrid.people.ControlMeasureInputs.ReleaseFromQuarantineInput;
import org.epigrid.people.ControlMeasureInputs.StartTransferInput;
import org.epigrid.people.PersonInputs.ChangeHealthCodeInput;
import org.epigrid.people.PersonInputs.ChangeHealthCodePayload;
import org.epigrid.people.PersonInputs.PersonPayload;
import org.epigrid.people.PersonInputs.RecordTravelInput;
import org.epigrid.people.PersonInputs.RecordTravelPayload;
import org.epigrid.people.PersonInputs.RegisterPersonInput;
import org.epigrid.people.PersonInputs.SetPersonCategoriesInput;
import org.epigrid.people.PersonInputs.UpdatePersonInput;
import org.epigrid.support.Actor;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Payloads;

import static org.epigrid.support.Batches.mapEach;

/**
 * Writes of people (R3–R5), control measures (R6), cases (R10) and contacts (R7). Each
 * mutation is one service call in one transaction; refusals come back in the payload.
 */
@Controller
class PersonMutations {

	private final PersonService people;

	private final ControlMeasureService measures;

	private final CaseService cases;

	private final PersonQueries queries;

	PersonMutations(PersonService people, ControlMeasureService measures, CaseService cases, PersonQueries queries) {
		this.people = people;
		this.measures = measures;
		this.cases = cases;
		this.queries = queries;
	}

	// people, health codes, travel

	@MutationMapping
	PersonPayload registerPerson(@Argument RegisterPersonInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new PersonPayload(this.people.registerPerson(input, actor), List.of()),
				(errors) -> new PersonPayload(null, errors));
	}

	@MutationMapping
	PersonPayload updatePerson(@Argument UpdatePersonInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new PersonPayload(this.people.updatePerson(input, actor), List.of()),
				(errors) -> new PersonPayload(null, errors));
	}

	@MutationMapping
	PersonPayload setPersonCategories(@Argument SetPersonCategoriesInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new PersonPayload(this.people.setPersonCategories(input, actor), List.of()),
				(errors) -> new PersonPayload(null, errors));
	}

	@MutationMapping
	ChangeHealthCodePayload changeHealthCode(@Argument ChangeHealthCodeInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.people.changeHealthCode(input, actor),
				(errors) -> new ChangeHealthCodePayload(null, null, errors));
	}

	@MutationMapping
	RecordTravelPayload recordTravel(@Argument RecordTravelInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> this.people.recordTravel(input, actor), RecordTravelPayload::refused);
	}

	// control measures

	@MutationMapping
	ControlMeasurePayload assignControlMeasure(@Argument AssignControlMeasureInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ControlMeasurePayload(this.measures.assign(input, actor), List.of()),
				(errors) -> new ControlMeasurePayload(null, errors));
	}

	@MutationMapping
	ControlMeasurePayload startTransfer(@Argument StartTransferInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ControlMeasurePayload(this.measures.startTransfer(input, actor), List.of()),
				(errors) -> new ControlMeasurePayload(null, errors));
	}

	@MutationMapping
	ControlMeasurePayload checkIn(@Argument CheckInInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ControlMeasurePayload(this.measures.checkIn(input, actor), List.of()),
				(errors) -> new ControlMeasurePayload(null, errors));
	}

	@MutationMapping
	ControlMeasurePayload releaseFromQuarantine(@Argument ReleaseFromQuarantineInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ControlMeasurePayload(this.measures.release(input, actor), List.of()),
				(errors) -> new ControlMeasurePayload(null, errors));
	}

	@MutationMapping
	ControlMeasurePayload cancelControlMeasure(@Argument CancelControlMeasureInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ControlMeasurePayload(this.measures.cancel(input, actor), List.of()),
				(errors) -> new ControlMeasurePayload(null, errors));
	}

	@MutationMapping
	RecordHealthCheckPayload recordHealthCheck(@Argument RecordHealthCheckInput input,
			@ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> {
			HealthCheck check = this.measures.recordHealthCheck(input, actor);
			return new RecordHealthCheckPayload(check, check.needsAttention(), List.of());
		}, (errors) -> new RecordHealthCheckPayload(null, null, errors));
	}

	// cases and contacts

	@MutationMapping
	CaseReportPayload reportCase(@Argument ReportCaseInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new CaseReportPayload(this.cases.reportCase(input, actor), List.of()),
				(errors) -> new CaseReportPayload(null, errors));
	}

	@MutationMapping
	CaseReportPayload reviewCase(@Argument ReviewCaseInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new CaseReportPayload(this.cases.reviewCase(input, actor), List.of()),
				(errors) -> new CaseReportPayload(null, errors));
	}

	@MutationMapping
	CaseReportPayload reclassifyCase(@Argument ReclassifyCaseInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new CaseReportPayload(this.cases.reclassifyCase(input, actor), List.of()),
				(errors) -> new CaseReportPayload(null, errors));
	}

	@MutationMapping
	ContactPayload recordContact(@Argument RecordContactInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ContactPayload(this.cases.recordContact(input, actor), List.of()),
				(errors) -> new ContactPayload(null, errors));
	}

	@MutationMapping
	ContactPayload markContactTraced(@Argument MarkContactTracedInput input, @ContextValue(Actor.KEY) Actor actor) {
		return Payloads.attempt(() -> new ContactPayload(this.cases.markContactTraced(input, actor), List.of()),
				(errors) -> new ContactPayload(null, errors));
	}

	// fields that writers need

	@BatchMapping(typeName = "Person", field = "version")
	Map<Person, Integer> personVersion(List<Person> people) {
		Map<Long, Integer> versions = this.queries.versions(people.stream().map(Person::id).toList());
		return mapEach(people, (person) -> versions.get(person.id()));
	}

	@SchemaMapping(typeName = "CaseReport")
	@Nullable String sourceSample(CaseReport report) {
		return (report.sourceSampleId() != null) ? GlobalId.encode("Sample", report.sourceSampleId()) : null;
	}

}
