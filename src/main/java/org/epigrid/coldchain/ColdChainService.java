package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.coldchain.ColdChainInputs.CollectPackageSampleInput;
import org.epigrid.coldchain.ColdChainInputs.DestroyColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.DisinfectionPayload;
import org.epigrid.coldchain.ColdChainInputs.MovementPayload;
import org.epigrid.coldchain.ColdChainInputs.RecallColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.RecordColdChainMovementInput;
import org.epigrid.coldchain.ColdChainInputs.RecordDisinfectionInput;
import org.epigrid.coldchain.ColdChainInputs.RecordPackageSampleResultInput;
import org.epigrid.coldchain.ColdChainInputs.RegisterColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.ReleaseColdChainBatchInput;
import org.epigrid.coldchain.ColdChainInputs.SamplePayload;
import org.epigrid.jooq.tables.records.ColdChainBatchRecord;
import org.epigrid.jooq.tables.records.SiteRecord;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.COLD_CHAIN_BATCH;
import static org.epigrid.jooq.Tables.COLD_CHAIN_DISINFECTION;
import static org.epigrid.jooq.Tables.COLD_CHAIN_MOVEMENT;
import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.SITE;

/**
 * The rules of imported cold-chain food (R12): a batch is held in a supervision
 * warehouse, disinfected and sampled, released to sale only with a disinfection record
 * and a negative result (nothing positive, nothing pending), then traced downstream. Each
 * method is one transaction that locks the batch row first, so that two users acting on
 * one batch take turns; a refusal is a {@link RuleViolation} and rolls everything back.
 */
@Service
@Transactional
class ColdChainService {

	private static final Pattern BARCODE = Pattern.compile("[A-Z0-9-]{6,32}");

	private static final Set<String> WAREHOUSE_TYPES = Set.of(SiteType.CENTRAL_SUPERVISION_WAREHOUSE.name(),
			SiteType.COLD_CHAIN_WAREHOUSE.name());

	/** The largest quantity numeric(12, 2) holds. */
	private static final BigDecimal MAX_KG = new BigDecimal("9999999999.99");

	private final DSLContext db;

	private final ColdChainQueries queries;

	private final BatchSamples samples;

	private final Policy policy;

	ColdChainService(DSLContext db, ColdChainQueries queries, BatchSamples samples, Policy policy) {
		this.db = db;
		this.queries = queries;
		this.samples = samples;
		this.policy = policy;
	}

	ColdChainBatch registerBatch(RegisterColdChainBatchInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		String batchNo = input.batchNo().strip();
		if (batchNo.isEmpty()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the batch number is required", "input.batchNo"));
		}
		else if (this.db.fetchExists(COLD_CHAIN_BATCH, COLD_CHAIN_BATCH.BATCH_NO.eq(batchNo))) {
			errors.add(new UserError(ErrorCode.DUPLICATE, "a batch with this number is registered", "input.batchNo"));
		}
		requireText(input.product(), "the product", "input.product", errors);
		requireText(input.originCountry(), "the country of origin", "input.originCountry", errors);
		checkQuantity(input.quantityKg(), "input.quantityKg", errors);
		if (input.arrivedAt().isAfter(OffsetDateTime.now())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the arrival time is in the future", "input.arrivedAt"));
		}
		SiteRecord warehouse = site(GlobalId.decode(input.warehouse(), "Site"));
		if (warehouse == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such warehouse", "input.warehouse"));
		}
		else if (!WAREHOUSE_TYPES.contains(warehouse.getType())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					"imported cold-chain food is held in a CENTRAL_SUPERVISION_WAREHOUSE or COLD_CHAIN_WAREHOUSE, not a "
							+ warehouse.getType(),
					"input.warehouse"));
		}
		else if (SiteStatus.CLOSED.name().equals(warehouse.getStatus())) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "the warehouse is closed", "input.warehouse"));
		}
		RuleViolation.throwIfAny(errors);
		String port = (input.portOfEntry() != null && !input.portOfEntry().isBlank()) ? input.portOfEntry().strip()
				: null;
		ColdChainBatchRecord batch = this.db.insertInto(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.BATCH_NO, batchNo)
			.set(COLD_CHAIN_BATCH.PRODUCT, input.product().strip())
			.set(COLD_CHAIN_BATCH.ORIGIN_COUNTRY, input.originCountry().strip())
			.set(COLD_CHAIN_BATCH.PORT_OF_ENTRY, port)
			.set(COLD_CHAIN_BATCH.QUANTITY_KG, input.quantityKg())
			.set(COLD_CHAIN_BATCH.WAREHOUSE_SITE_ID, warehouse.getId())
			.set(COLD_CHAIN_BATCH.ARRIVED_AT, input.arrivedAt())
			.set(COLD_CHAIN_BATCH.CREATED_BY, actor.name())
			.set(COLD_CHAIN_BATCH.UPDATED_BY, actor.name())
			.returning()
			.fetchOne();
		return ColdChainQueries.toBatch(batch);
	}

	DisinfectionPayload recordDisinfection(RecordDisinfectionInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		List<UserError> errors = new ArrayList<>();
		requireHeld(batch, "disinfection is recorded", errors);
		requireText(input.agent(), "the disinfectant", "input.agent", errors);
		requireText(input.operatorName(), "the operator", "input.operatorName", errors);
		OffsetDateTime at = (input.disinfectedAt() != null) ? input.disinfectedAt() : OffsetDateTime.now();
		checkTime(at, batch.getArrivedAt(), "the batch's arrival", "input.disinfectedAt", errors);
		RuleViolation.throwIfAny(errors);
		Disinfection disinfection = ColdChainQueries.toDisinfection(this.db.insertInto(COLD_CHAIN_DISINFECTION)
			.set(COLD_CHAIN_DISINFECTION.BATCH_ID, batch.getId())
			.set(COLD_CHAIN_DISINFECTION.DISINFECTED_AT, at)
			.set(COLD_CHAIN_DISINFECTION.AGENT, input.agent().strip())
			.set(COLD_CHAIN_DISINFECTION.OPERATOR_NAME, input.operatorName().strip())
			.set(COLD_CHAIN_DISINFECTION.CREATED_BY, actor.name())
			.returning()
			.fetchOne());
		return new DisinfectionPayload(disinfection, ColdChainQueries.toBatch(batch), List.of());
	}

	SamplePayload collectPackageSample(CollectPackageSampleInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		List<UserError> errors = new ArrayList<>();
		requireHeld(batch, "package samples are taken", errors);
		if (!BARCODE.matcher(input.barcode()).matches()) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "a barcode is 6 to 32 of A-Z, 0-9 and -", "input.barcode"));
		}
		else if (this.samples.barcodeExists(input.barcode())) {
			errors.add(new UserError(ErrorCode.DUPLICATE, "a sample with this barcode exists", "input.barcode"));
		}
		Long labId = null;
		if (input.lab() != null) {
			SiteRecord lab = site(GlobalId.decode(input.lab(), "Site"));
			if (lab == null) {
				errors.add(new UserError(ErrorCode.NOT_FOUND, "no such laboratory", "input.lab"));
			}
			else if (!SiteType.LAB.name().equals(lab.getType())) {
				errors.add(new UserError(ErrorCode.INVALID_VALUE, "the site is a " + lab.getType() + ", not a LAB",
						"input.lab"));
			}
			else {
				labId = lab.getId();
			}
		}
		OffsetDateTime at = (input.collectedAt() != null) ? input.collectedAt() : OffsetDateTime.now();
		checkTime(at, batch.getArrivedAt(), "the batch's arrival", "input.collectedAt", errors);
		RuleViolation.throwIfAny(errors);
		long placeId = this.db.select(SITE.PLACE_ID)
			.from(SITE)
			.where(SITE.ID.eq(batch.getWarehouseSiteId()))
			.fetchOne(SITE.PLACE_ID);
		OffsetDateTime due = at.plus(this.policy.testing().resultDeadline(BatchSamples.PURPOSE));
		BatchSample sample = this.samples.collect(batch.getId(), placeId, batch.getWarehouseSiteId(), input.barcode(),
				input.specimen(), labId, at, due, actor);
		return new SamplePayload(sample, ColdChainQueries.toBatch(batch), List.of());
	}

	SamplePayload recordPackageSampleResult(RecordPackageSampleResultInput input, Actor actor) {
		BatchSamples.Locked sample = this.samples.lockByBarcode(input.barcode())
			.orElseThrow(() -> new RuleViolation(ErrorCode.NOT_FOUND, "no sample with this barcode", "input.barcode"));
		if (sample.batchId() == null) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"this is not a package sample of a cold-chain batch; report it with the testing workflow",
					"input.barcode");
		}
		if (sample.result() != null) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"the sample already has a result (" + sample.result() + "); a result cannot be changed",
					"input.barcode");
		}
		List<UserError> errors = new ArrayList<>();
		OffsetDateTime at = (input.resultedAt() != null) ? input.resultedAt() : OffsetDateTime.now();
		if (sample.receivedAt() != null) {
			checkTime(at, sample.receivedAt(), "the sample's receipt at the laboratory", "input.resultedAt", errors);
		}
		else {
			checkTime(at, sample.collectedAt(), "the sample's collection", "input.resultedAt", errors);
		}
		RuleViolation.throwIfAny(errors);
		BatchSample resulted = this.samples.recordResult(sample.id(), input.result(), at, actor)
			.orElseThrow(() -> new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"the sample already has a result; a result cannot be changed", "input.barcode"));
		return new SamplePayload(resulted, this.queries.batch(sample.batchId()).orElseThrow(), List.of());
	}

	ColdChainBatch releaseBatch(ReleaseColdChainBatchInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		checkVersion(batch, input.expectedVersion());
		if (!ColdChainBatchStatus.HELD.name().equals(batch.getStatus())) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"only a HELD batch can be released; this one is " + batch.getStatus(), "input.batch");
		}
		List<String> blockers = this.queries.releaseChecksOf(List.of(batch.getId())).get(batch.getId()).blockers();
		if (!blockers.isEmpty()) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED,
					"the batch cannot be released: " + String.join("; ", blockers), "input.batch");
		}
		return changeStatus(batch, ColdChainBatchStatus.RELEASED, OffsetDateTime.now(), actor);
	}

	ColdChainBatch destroyBatch(DestroyColdChainBatchInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		checkVersion(batch, input.expectedVersion());
		List<UserError> errors = new ArrayList<>();
		if (!ColdChainBatchStatus.HELD.name().equals(batch.getStatus())) {
			errors.add(new UserError(ErrorCode.ILLEGAL_TRANSITION,
					"only a HELD batch can be destroyed; this one is " + batch.getStatus(), "input.batch"));
		}
		requireText(input.reason(), "the reason", "input.reason", errors);
		RuleViolation.throwIfAny(errors);
		return close(batch, ColdChainBatchStatus.DESTROYED, input.reason(), actor);
	}

	ColdChainBatch recallBatch(RecallColdChainBatchInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		checkVersion(batch, input.expectedVersion());
		List<UserError> errors = new ArrayList<>();
		if (!ColdChainBatchStatus.RELEASED.name().equals(batch.getStatus())) {
			errors.add(new UserError(ErrorCode.ILLEGAL_TRANSITION,
					"only a RELEASED batch can be recalled; this one is " + batch.getStatus(), "input.batch"));
		}
		requireText(input.reason(), "the reason", "input.reason", errors);
		RuleViolation.throwIfAny(errors);
		return close(batch, ColdChainBatchStatus.RECALLED, input.reason(), actor);
	}

	MovementPayload recordMovement(RecordColdChainMovementInput input, Actor actor) {
		ColdChainBatchRecord batch = lockBatch(input.batch());
		long fromId = GlobalId.decode(input.from(), "Site");
		long toId = GlobalId.decode(input.to(), "Site");
		Long handlerId = (input.handler() != null) ? GlobalId.decode(input.handler(), "Person") : null;
		if (!ColdChainBatchStatus.RELEASED.name().equals(batch.getStatus())) {
			throw new RuleViolation(ErrorCode.ILLEGAL_TRANSITION,
					"movements are recorded only for a RELEASED batch; this one is " + batch.getStatus(),
					"input.batch");
		}
		List<UserError> errors = new ArrayList<>();
		boolean fromWarehouse = fromId == batch.getWarehouseSiteId();
		if (!fromWarehouse && !this.db.fetchExists(COLD_CHAIN_MOVEMENT, COLD_CHAIN_MOVEMENT.BATCH_ID.eq(batch.getId()),
				COLD_CHAIN_MOVEMENT.TO_SITE_ID.eq(fromId))) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED,
					"goods leave the batch's warehouse or a site the batch already reached", "input.from"));
		}
		if (toId == fromId) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the goods must go to another site", "input.to"));
		}
		else if (!this.db.fetchExists(SITE, SITE.ID.eq(toId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", "input.to"));
		}
		if (handlerId != null && !this.db.fetchExists(PERSON, PERSON.ID.eq(handlerId))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such person", "input.handler"));
		}
		OffsetDateTime at = (input.movedAt() != null) ? input.movedAt() : OffsetDateTime.now();
		checkTime(at, batch.getReleasedAt(), "the batch's release", "input.movedAt", errors);
		if (checkQuantity(input.quantityKg(), "input.quantityKg", errors) && fromWarehouse) {
			BigDecimal out = this.db.select(DSL.coalesce(DSL.sum(COLD_CHAIN_MOVEMENT.QUANTITY_KG), BigDecimal.ZERO))
				.from(COLD_CHAIN_MOVEMENT)
				.where(COLD_CHAIN_MOVEMENT.BATCH_ID.eq(batch.getId()),
						COLD_CHAIN_MOVEMENT.FROM_SITE_ID.eq(batch.getWarehouseSiteId()))
				.fetchOne()
				.value1();
			BigDecimal left = batch.getQuantityKg().subtract(out);
			if (input.quantityKg().compareTo(left) > 0) {
				errors.add(new UserError(ErrorCode.RULE_VIOLATED,
						"only " + left.toPlainString() + " kg of the batch are left to move out of the warehouse",
						"input.quantityKg"));
			}
		}
		RuleViolation.throwIfAny(errors);
		ColdChainMovement movement = ColdChainQueries.toMovement(this.db.insertInto(COLD_CHAIN_MOVEMENT)
			.set(COLD_CHAIN_MOVEMENT.BATCH_ID, batch.getId())
			.set(COLD_CHAIN_MOVEMENT.FROM_SITE_ID, fromId)
			.set(COLD_CHAIN_MOVEMENT.TO_SITE_ID, toId)
			.set(COLD_CHAIN_MOVEMENT.QUANTITY_KG, input.quantityKg())
			.set(COLD_CHAIN_MOVEMENT.MOVED_AT, at)
			.set(COLD_CHAIN_MOVEMENT.HANDLER_PERSON_ID, handlerId)
			.set(COLD_CHAIN_MOVEMENT.CREATED_BY, actor.name())
			.returning()
			.fetchOne());
		return new MovementPayload(movement, ColdChainQueries.toBatch(batch), List.of());
	}

	/** The batch, locked until the transaction ends; NOT_FOUND when there is none. */
	private ColdChainBatchRecord lockBatch(String globalId) {
		ColdChainBatchRecord batch = this.db.selectFrom(COLD_CHAIN_BATCH)
			.where(COLD_CHAIN_BATCH.ID.eq(GlobalId.decode(globalId, "ColdChainBatch")))
			.forUpdate()
			.fetchOne();
		if (batch == null) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "no such batch", "input.batch");
		}
		return batch;
	}

	private ColdChainBatch changeStatus(ColdChainBatchRecord batch, ColdChainBatchStatus status,
			@Nullable OffsetDateTime releasedAt, Actor actor) {
		return ColdChainQueries.toBatch(this.db.update(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.STATUS, status.name())
			.set(COLD_CHAIN_BATCH.RELEASED_AT, releasedAt)
			.set(COLD_CHAIN_BATCH.VERSION, COLD_CHAIN_BATCH.VERSION.plus(1))
			.set(COLD_CHAIN_BATCH.UPDATED_BY, actor.name())
			.where(COLD_CHAIN_BATCH.ID.eq(batch.getId()))
			.returning()
			.fetchOne());
	}

	/** Destroys or recalls the batch, keeping why and when. */
	private ColdChainBatch close(ColdChainBatchRecord batch, ColdChainBatchStatus status, String reason, Actor actor) {
		return ColdChainQueries.toBatch(this.db.update(COLD_CHAIN_BATCH)
			.set(COLD_CHAIN_BATCH.STATUS, status.name())
			.set(COLD_CHAIN_BATCH.CLOSED_REASON, reason.strip())
			.set(COLD_CHAIN_BATCH.CLOSED_AT, OffsetDateTime.now())
			.set(COLD_CHAIN_BATCH.VERSION, COLD_CHAIN_BATCH.VERSION.plus(1))
			.set(COLD_CHAIN_BATCH.UPDATED_BY, actor.name())
			.where(COLD_CHAIN_BATCH.ID.eq(batch.getId()))
			.returning()
			.fetchOne());
	}

	private @Nullable SiteRecord site(long id) {
		return this.db.selectFrom(SITE).where(SITE.ID.eq(id)).fetchOne();
	}

	private static void checkVersion(ColdChainBatchRecord batch, @Nullable Integer expectedVersion) {
		if (expectedVersion != null && expectedVersion.intValue() != batch.getVersion().intValue()) {
			throw new RuleViolation(ErrorCode.CONFLICT,
					"the batch was changed by someone else since you read it; reload and try again",
					"input.expectedVersion");
		}
	}

	private static void requireHeld(ColdChainBatchRecord batch, String what, List<UserError> errors) {
		if (!ColdChainBatchStatus.HELD.name().equals(batch.getStatus())) {
			errors.add(new UserError(ErrorCode.ILLEGAL_TRANSITION,
					what + " only while the batch is HELD; this one is " + batch.getStatus(), "input.batch"));
		}
	}

	private static void requireText(String value, String what, String field, List<UserError> errors) {
		if (value.isBlank()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " is required", field));
		}
	}

	/** Whether the quantity is usable: more than 0, at most two decimals, in range. */
	private static boolean checkQuantity(BigDecimal quantity, String field, List<UserError> errors) {
		if (quantity.signum() <= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the quantity must be more than 0 kg", field));
			return false;
		}
		if (quantity.stripTrailingZeros().scale() > 2 || quantity.compareTo(MAX_KG) > 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"the quantity is in kg with at most two decimals, up to " + MAX_KG.toPlainString(), field));
			return false;
		}
		return true;
	}

	/**
	 * The time is not before {@code notBefore} (named {@code after}) and not in the
	 * future.
	 */
	private static void checkTime(OffsetDateTime time, OffsetDateTime notBefore, String after, String field,
			List<UserError> errors) {
		if (time.isBefore(notBefore)) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the time is before " + after, field));
		}
		else if (time.isAfter(OffsetDateTime.now())) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the time is in the future", field));
		}
	}

}
