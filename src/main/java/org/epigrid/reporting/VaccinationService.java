package org.epigrid.reporting;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jooq.DSLContext;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.reporting.ReportingInputs.RecordAdverseReactionInput;
import org.epigrid.reporting.ReportingInputs.RecordVaccinationInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.ADVERSE_REACTION;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.VACCINATION;

/**
 * The rules of vaccination records (R16): doses 1 to 10 per person, each once and in
 * order; adverse reactions after the dose. Each public method is one transaction.
 */
@Service
@Transactional
class VaccinationService {

	static final int MAX_DOSE = 10;

	private final DSLContext db;

	private final ReportingQueries queries;

	VaccinationService(DSLContext db, ReportingQueries queries) {
		this.db = db;
		this.queries = queries;
	}

	Vaccination record(RecordVaccinationInput input, Actor actor) {
		long personId = GlobalId.decode(input.person(), "Person");
		long siteId = GlobalId.decode(input.site(), "Site");
		List<UserError> errors = new ArrayList<>();
		int dose = input.doseNumber();
		if (dose < 1 || dose > MAX_DOSE) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "the dose number is 1 to " + MAX_DOSE, "input.doseNumber"));
		}
		Checks.requireText(input.product(), 100, "input.product", "the product", errors);
		Checks.requireText(input.lot(), 64, "input.lot", "the lot number", errors);
		OffsetDateTime vaccinatedAt = (input.vaccinatedAt() != null) ? input.vaccinatedAt() : OffsetDateTime.now();
		Checks.notInFuture(vaccinatedAt, "input.vaccinatedAt", "the vaccination time", errors);
		// lock the person so that two doses recorded at once see each other
		boolean personFound = this.db.selectOne()
			.from(PERSON)
			.where(PERSON.ID.eq(personId))
			.forUpdate()
			.fetchOptional()
			.isPresent();
		if (!personFound) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such person", "input.person"));
		}
		if (!this.db.fetchExists(SITE, SITE.ID.eq(siteId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.site"));
		}
		RuleViolation.throwIfAny(errors);
		Map<Short, OffsetDateTime> given = this.db.select(VACCINATION.DOSE_NUMBER, VACCINATION.VACCINATED_AT)
			.from(VACCINATION)
			.where(VACCINATION.PERSON_ID.eq(personId))
			.fetchMap(VACCINATION.DOSE_NUMBER, VACCINATION.VACCINATED_AT);
		if (given.containsKey((short) dose)) {
			throw new RuleViolation(ErrorCode.DUPLICATE, "dose " + dose + " is already recorded for this person",
					"input.doseNumber");
		}
		if (dose > 1) {
			OffsetDateTime previous = given.get((short) (dose - 1));
			if (previous == null) {
				throw new RuleViolation(ErrorCode.RULE_VIOLATED,
						"dose " + (dose - 1) + " must be recorded before dose " + dose, "input.doseNumber");
			}
			if (vaccinatedAt.isBefore(previous)) {
				throw new RuleViolation(ErrorCode.RULE_VIOLATED,
						"dose " + dose + " cannot be given before dose " + (dose - 1) + " (" + previous + ")",
						"input.vaccinatedAt");
			}
		}
		long id = this.db.insertInto(VACCINATION)
			.set(VACCINATION.PERSON_ID, personId)
			.set(VACCINATION.DOSE_NUMBER, (short) dose)
			.set(VACCINATION.PRODUCT, input.product().strip())
			.set(VACCINATION.LOT, input.lot().strip())
			.set(VACCINATION.SITE_ID, siteId)
			.set(VACCINATION.VACCINATED_AT, vaccinatedAt)
			.set(VACCINATION.CREATED_BY, actor.name())
			.returning(VACCINATION.ID)
			.fetchOne(VACCINATION.ID);
		return this.queries.vaccination(id).orElseThrow();
	}

	AdverseReaction recordAdverseReaction(RecordAdverseReactionInput input, Actor actor) {
		long vaccinationId = GlobalId.decode(input.vaccination(), "Vaccination");
		List<UserError> errors = new ArrayList<>();
		Checks.requireText(input.description(), 4000, "input.description", "the description", errors);
		Checks.notInFuture(input.onsetAt(), "input.onsetAt", "the onset", errors);
		OffsetDateTime vaccinatedAt = this.db.select(VACCINATION.VACCINATED_AT)
			.from(VACCINATION)
			.where(VACCINATION.ID.eq(vaccinationId))
			.fetchOne(VACCINATION.VACCINATED_AT);
		if (vaccinatedAt == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such vaccination", "input.vaccination"));
		}
		else if (input.onsetAt().isBefore(vaccinatedAt)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"a reaction cannot start before the vaccination (" + vaccinatedAt + ")", "input.onsetAt"));
		}
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(ADVERSE_REACTION)
			.set(ADVERSE_REACTION.VACCINATION_ID, vaccinationId)
			.set(ADVERSE_REACTION.ONSET_AT, input.onsetAt())
			.set(ADVERSE_REACTION.SEVERITY, input.severity().name())
			.set(ADVERSE_REACTION.DESCRIPTION, input.description().strip())
			.set(ADVERSE_REACTION.CREATED_BY, actor.name())
			.returning(ADVERSE_REACTION.ID)
			.fetchOne(ADVERSE_REACTION.ID);
		return this.queries.adverseReaction(id).orElseThrow();
	}

}
