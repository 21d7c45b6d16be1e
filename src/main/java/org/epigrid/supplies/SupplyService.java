package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.InsertValuesStep8;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.TableField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.jooq.tables.records.StockMovementRecord;
import org.epigrid.jooq.tables.records.SupplyItemRecord;
import org.epigrid.places.SiteStatus;
import org.epigrid.supplies.SupplyInputs.AdjustStockInput;
import org.epigrid.supplies.SupplyInputs.CreateSupplyItemInput;
import org.epigrid.supplies.SupplyInputs.ExpireStockInput;
import org.epigrid.supplies.SupplyInputs.IssueStockInput;
import org.epigrid.supplies.SupplyInputs.Moved;
import org.epigrid.supplies.SupplyInputs.ReceiveStockInput;
import org.epigrid.supplies.SupplyInputs.RecordConsumptionInput;
import org.epigrid.supplies.SupplyInputs.RemoveStockRequirementInput;
import org.epigrid.supplies.SupplyInputs.SetStockRequirementInput;
import org.epigrid.supplies.SupplyInputs.TransferStockInput;
import org.epigrid.supplies.SupplyInputs.UpdateSupplyItemInput;
import org.epigrid.support.Actor;
import org.epigrid.support.ErrorCode;
import org.epigrid.support.GlobalId;
import org.epigrid.support.Policy;
import org.epigrid.support.RuleViolation;
import org.epigrid.support.UserError;

import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.STOCK_BALANCE;
import static org.epigrid.jooq.Tables.STOCK_MOVEMENT;
import static org.epigrid.jooq.Tables.STOCK_REQUIREMENT;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/**
 * The rules of the supply reserve (R13): the item catalogue, the append-only stock ledger
 * with its balances per site, item and lot, and the full-load requirements. Each public
 * method is one transaction; a refusal is a {@link RuleViolation} and rolls everything
 * back.
 *
 * <p>
 * Stock never goes negative, also under concurrent writers: a removal is one atomic
 * {@code UPDATE ... SET on_hand = on_hand - q WHERE ... AND on_hand >= q}, which
 * PostgreSQL re-checks against the latest committed row when it had to wait for another
 * writer, so two removals can neither both pass on the same stock nor lose each other's
 * update. Statements that lock several balances (transfers, expiry sweeps) lock them in
 * id order, so writers never wait for each other in a cycle. The CHECK constraint
 * {@code stock_balance_on_hand_not_negative} is the last line of defence.
 */
@Service
@Transactional
class SupplyService {

	private static final Pattern ITEM_CODE = Pattern.compile("[A-Z0-9-]{2,32}");

	/** numeric(14, 2): twelve digits before the point. */
	private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000");

	private static final int MAX_TEXT = 200;

	private static final int MAX_LOT = 64;

	private final DSLContext db;

	private final StockQueries queries;

	private final Policy.Supplies policy;

	SupplyService(DSLContext db, StockQueries queries, Policy policy) {
		this.db = db;
		this.queries = queries;
		this.policy = policy.supplies();
	}

	// the catalogue

	SupplyItem createSupplyItem(CreateSupplyItemInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		checkCode(input.code(), errors);
		String name = required(input.name(), "input.name", "the name", errors);
		String unit = required(input.unit(), "input.unit", "the unit", errors);
		RuleViolation.throwIfAny(errors);
		long id = this.db.insertInto(SUPPLY_ITEM)
			.set(SUPPLY_ITEM.CODE, input.code())
			.set(SUPPLY_ITEM.NAME, name)
			.set(SUPPLY_ITEM.CATEGORY, input.category().name())
			.set(SUPPLY_ITEM.UNIT, unit)
			.set(SUPPLY_ITEM.CREATED_BY, actor.name())
			.set(SUPPLY_ITEM.UPDATED_BY, actor.name())
			.returning(SUPPLY_ITEM.ID)
			.fetchOne(SUPPLY_ITEM.ID);
		return this.queries.supplyItem(id).orElseThrow();
	}

	SupplyItem updateSupplyItem(UpdateSupplyItemInput input, Actor actor) {
		long id = GlobalId.decode(input.id(), "SupplyItem");
		List<UserError> errors = new ArrayList<>();
		if (input.code() != null) {
			checkCode(input.code(), errors);
		}
		String name = (input.name() != null) ? required(input.name(), "input.name", "the name", errors) : null;
		String unit = (input.unit() != null) ? required(input.unit(), "input.unit", "the unit", errors) : null;
		RuleViolation.throwIfAny(errors);
		UpdateSetMoreStep<SupplyItemRecord> update = this.db.update(SUPPLY_ITEM)
			.set(SUPPLY_ITEM.VERSION, SUPPLY_ITEM.VERSION.plus(1))
			.set(SUPPLY_ITEM.UPDATED_BY, actor.name());
		setIfGiven(update, SUPPLY_ITEM.CODE, input.code());
		setIfGiven(update, SUPPLY_ITEM.NAME, name);
		setIfGiven(update, SUPPLY_ITEM.CATEGORY, (input.category() != null) ? input.category().name() : null);
		setIfGiven(update, SUPPLY_ITEM.UNIT, unit);
		int updated = update.where(SUPPLY_ITEM.ID.eq(id), SUPPLY_ITEM.VERSION.eq(input.expectedVersion())).execute();
		if (updated == 0) {
			throw this.db.fetchExists(SUPPLY_ITEM, SUPPLY_ITEM.ID.eq(id))
					? new RuleViolation(ErrorCode.CONFLICT,
							"the supply item was changed by someone else since you read it; reload and try again",
							"input.expectedVersion")
					: new RuleViolation(ErrorCode.NOT_FOUND, "no such supply item", "input.id");
		}
		return this.queries.supplyItem(id).orElseThrow();
	}

	// the ledger

	/** A receipt adds to the lot, creating its balance when the site has none yet. */
	Moved receiveStock(ReceiveStockInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		long item = item(input.item(), "input.item", errors);
		String lot = lot(input.lot(), errors);
		BigDecimal quantity = quantity(input.quantity(), false, errors);
		String reference = optional(input.reference(), "input.reference", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		RuleViolation.throwIfAny(errors);
		LocalDate expiresOn = this.db.insertInto(STOCK_BALANCE)
			.set(STOCK_BALANCE.SITE_ID, site)
			.set(STOCK_BALANCE.ITEM_ID, item)
			.set(STOCK_BALANCE.LOT, lot)
			.set(STOCK_BALANCE.EXPIRES_ON, input.expiresOn())
			.set(STOCK_BALANCE.ON_HAND, quantity)
			.onConflict(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT)
			.doUpdate()
			.set(STOCK_BALANCE.ON_HAND, STOCK_BALANCE.ON_HAND.plus(DSL.excluded(STOCK_BALANCE.ON_HAND)))
			.set(STOCK_BALANCE.EXPIRES_ON,
					DSL.coalesce(STOCK_BALANCE.EXPIRES_ON, DSL.excluded(STOCK_BALANCE.EXPIRES_ON)))
			.set(STOCK_BALANCE.VERSION, STOCK_BALANCE.VERSION.plus(1))
			.returningResult(STOCK_BALANCE.EXPIRES_ON)
			.fetchOne(STOCK_BALANCE.EXPIRES_ON);
		if (input.expiresOn() != null && expiresOn != null && !expiresOn.equals(input.expiresOn())) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED, "lot " + lot + " of this item at this site expires on "
					+ expiresOn + "; check the lot number or the expiry date", "input.expiresOn");
		}
		StockMovement movement = append(site, item, lot, StockMovementKind.RECEIPT, quantity, occurredAt, null,
				reference, actor);
		return moved(List.of(movement));
	}

	/** An issue to a named recipient (a ward, a team, a testing site). */
	Moved issueStock(IssueStockInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		long item = item(input.item(), "input.item", errors);
		String lot = lot(input.lot(), errors);
		BigDecimal quantity = quantity(input.quantity(), false, errors);
		String recipient = required(input.recipient(), "input.recipient", "the recipient", errors);
		String reference = optional(input.reference(), "input.reference", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		RuleViolation.throwIfAny(errors);
		take(site, item, lot, quantity);
		String entry = (reference != null) ? recipient + " · " + reference : recipient;
		return moved(List
			.of(append(site, item, lot, StockMovementKind.ISSUE, quantity.negate(), occurredAt, null, entry, actor)));
	}

	Moved recordConsumption(RecordConsumptionInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		long item = item(input.item(), "input.item", errors);
		String lot = lot(input.lot(), errors);
		BigDecimal quantity = quantity(input.quantity(), false, errors);
		String reference = optional(input.reference(), "input.reference", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		RuleViolation.throwIfAny(errors);
		take(site, item, lot, quantity);
		return moved(List.of(append(site, item, lot, StockMovementKind.CONSUMPTION, quantity.negate(), occurredAt, null,
				reference, actor)));
	}

	/**
	 * A transfer: out of the source lot and into the same lot at the destination (created
	 * with the source's expiry date when the destination has none), both entries naming
	 * the other site. A CLOSED source is allowed, so that the stock of a closed site can
	 * be moved away; a CLOSED destination is not.
	 */
	Moved transferStock(TransferStockInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long from = site(input.from(), "input.from", true, errors);
		long to = site(input.to(), "input.to", false, errors);
		if (from == to && from != 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a transfer goes to another site", "input.to"));
		}
		long item = item(input.item(), "input.item", errors);
		String lot = lot(input.lot(), errors);
		BigDecimal quantity = quantity(input.quantity(), false, errors);
		String reference = optional(input.reference(), "input.reference", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		RuleViolation.throwIfAny(errors);
		// Give the destination a balance for the lot first, before this transaction holds
		// any row lock: the insert can only wait for another insert of the same lot, and
		// then this transaction holds nothing another one could wait for.
		this.db
			.insertInto(STOCK_BALANCE, STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT,
					STOCK_BALANCE.EXPIRES_ON, STOCK_BALANCE.ON_HAND)
			.select(DSL
				.select(DSL.val(to), STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT, STOCK_BALANCE.EXPIRES_ON,
						DSL.inline(BigDecimal.ZERO))
				.from(STOCK_BALANCE)
				.where(STOCK_BALANCE.SITE_ID.eq(from), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot)))
			.onConflictDoNothing()
			.execute();
		// Lock both balances in id order: transfers A→B and B→A never wait for each other
		// in a cycle.
		Result<Record4<Long, Long, BigDecimal, LocalDate>> balances = this.db
			.select(STOCK_BALANCE.ID, STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ON_HAND, STOCK_BALANCE.EXPIRES_ON)
			.from(STOCK_BALANCE)
			.where(STOCK_BALANCE.SITE_ID.in(from, to), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot))
			.orderBy(STOCK_BALANCE.ID)
			.forUpdate()
			.fetch();
		Record4<Long, Long, BigDecimal, LocalDate> source = balances.stream()
			.filter((r) -> r.value2() == from)
			.findFirst()
			.orElse(null);
		if (source == null || source.value3().compareTo(quantity) < 0) {
			throw insufficient(lot, (source != null) ? source.value3() : BigDecimal.ZERO, quantity);
		}
		this.db.update(STOCK_BALANCE)
			.set(STOCK_BALANCE.ON_HAND,
					DSL.when(STOCK_BALANCE.SITE_ID.eq(from), STOCK_BALANCE.ON_HAND.minus(quantity))
						.otherwise(STOCK_BALANCE.ON_HAND.plus(quantity)))
			.set(STOCK_BALANCE.EXPIRES_ON,
					DSL.coalesce(STOCK_BALANCE.EXPIRES_ON, DSL.val(source.value4(), STOCK_BALANCE.EXPIRES_ON)))
			.set(STOCK_BALANCE.VERSION, STOCK_BALANCE.VERSION.plus(1))
			.where(STOCK_BALANCE.ID.in(balances.getValues(STOCK_BALANCE.ID)))
			.execute();
		StockMovement out = append(from, item, lot, StockMovementKind.TRANSFER_OUT, quantity.negate(), occurredAt, to,
				reference, actor);
		StockMovement in = append(to, item, lot, StockMovementKind.TRANSFER_IN, quantity, occurredAt, from, reference,
				actor);
		return moved(List.of(out, in));
	}

	/**
	 * A stock-count correction, either sign, with its reason. Only lots the site has a
	 * balance for can be corrected; new stock is a receipt.
	 */
	Moved adjustStock(AdjustStockInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		long item = item(input.item(), "input.item", errors);
		String lot = lot(input.lot(), errors);
		BigDecimal quantity = quantity(input.quantity(), true, errors);
		String reason = required(input.reason(), "input.reason", "the reason", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		RuleViolation.throwIfAny(errors);
		if (quantity.signum() < 0) {
			take(site, item, lot, quantity.negate());
		}
		else {
			int updated = this.db.update(STOCK_BALANCE)
				.set(STOCK_BALANCE.ON_HAND, STOCK_BALANCE.ON_HAND.plus(quantity))
				.set(STOCK_BALANCE.VERSION, STOCK_BALANCE.VERSION.plus(1))
				.where(STOCK_BALANCE.SITE_ID.eq(site), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot))
				.execute();
			if (updated == 0) {
				throw new RuleViolation(ErrorCode.NOT_FOUND,
						"the site has no lot " + lot + " of this item; record new stock as a receipt", "input.lot");
			}
		}
		return moved(List
			.of(append(site, item, lot, StockMovementKind.ADJUSTMENT, quantity, occurredAt, null, reason, actor)));
	}

	/**
	 * Writes off expired stock: either a quantity of one lot, or (without lot and
	 * quantity) everything still on hand of the site's lots whose expiry date is before
	 * the day of {@code occurredAt}, optionally of one item only.
	 */
	Moved expireStock(ExpireStockInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		Long item = (input.item() != null) ? item(input.item(), "input.item", errors) : null;
		String reference = optional(input.reference(), "input.reference", errors);
		OffsetDateTime occurredAt = occurredAt(input.occurredAt(), errors);
		if (input.lot() == null && input.quantity() == null) {
			RuleViolation.throwIfAny(errors);
			return expireAll(site, item, occurredAt, reference, actor);
		}
		if (input.item() == null) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "name the item of the lot", "input.item"));
		}
		String lot = null;
		if (input.lot() != null) {
			lot = lot(input.lot(), errors);
		}
		else {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					"name the lot to write a quantity off, or leave out the quantity to write off all expired lots",
					"input.lot"));
		}
		BigDecimal quantity = null;
		if (input.quantity() != null) {
			quantity = quantity(input.quantity(), false, errors);
		}
		else {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "give the quantity of the lot to write off",
					"input.quantity"));
		}
		RuleViolation.throwIfAny(errors);
		LocalDate expiresOn = take(site, Objects.requireNonNull(item), Objects.requireNonNull(lot),
				Objects.requireNonNull(quantity));
		if (expiresOn != null && !expiresOn.isBefore(occurredAt.toLocalDate())) {
			throw new RuleViolation(ErrorCode.RULE_VIOLATED, "lot " + lot + " expires on " + expiresOn
					+ "; record stock that is still good as consumption or an adjustment", "input.lot");
		}
		return moved(List.of(append(site, item, lot, StockMovementKind.EXPIRY, quantity.negate(), occurredAt, null,
				reference, actor)));
	}

	private Moved expireAll(long site, @Nullable Long item, OffsetDateTime occurredAt, @Nullable String reference,
			Actor actor) {
		Result<Record4<Long, Long, String, BigDecimal>> lots = this.db
			.select(STOCK_BALANCE.ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT, STOCK_BALANCE.ON_HAND)
			.from(STOCK_BALANCE)
			.where(STOCK_BALANCE.SITE_ID.eq(site), STOCK_BALANCE.EXPIRES_ON.lt(occurredAt.toLocalDate()),
					STOCK_BALANCE.ON_HAND.gt(BigDecimal.ZERO),
					(item != null) ? STOCK_BALANCE.ITEM_ID.eq(item) : DSL.noCondition())
			.orderBy(STOCK_BALANCE.ID)
			.forUpdate()
			.fetch();
		if (lots.isEmpty()) {
			return new Moved(List.of(), List.of());
		}
		this.db.update(STOCK_BALANCE)
			.set(STOCK_BALANCE.ON_HAND, BigDecimal.ZERO)
			.set(STOCK_BALANCE.VERSION, STOCK_BALANCE.VERSION.plus(1))
			.where(STOCK_BALANCE.ID.in(lots.getValues(STOCK_BALANCE.ID)))
			.execute();
		InsertValuesStep8<StockMovementRecord, Long, Long, String, String, BigDecimal, OffsetDateTime, String, String> insert = this.db
			.insertInto(STOCK_MOVEMENT, STOCK_MOVEMENT.SITE_ID, STOCK_MOVEMENT.ITEM_ID, STOCK_MOVEMENT.LOT,
					STOCK_MOVEMENT.KIND, STOCK_MOVEMENT.QUANTITY, STOCK_MOVEMENT.OCCURRED_AT, STOCK_MOVEMENT.REFERENCE,
					STOCK_MOVEMENT.CREATED_BY);
		for (Record4<Long, Long, String, BigDecimal> lot : lots) {
			insert = insert.values(site, lot.value2(), lot.value3(), StockMovementKind.EXPIRY.name(),
					lot.value4().negate(), occurredAt, reference, actor.name());
		}
		List<StockMovement> movements = insert.returningResult(StockQueries.movementFields())
			.fetch(StockQueries::toMovement)
			.stream()
			.sorted(Comparator.comparingLong(StockMovement::id))
			.toList();
		return moved(movements);
	}

	// requirements

	/**
	 * Sets (inserts or replaces) the full-load daily use of an item at a site and the
	 * days of cover to hold; target days left out are the policy's default.
	 */
	StockLevel setStockRequirement(SetStockRequirementInput input, Actor actor) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", false, errors);
		long item = item(input.item(), "input.item", errors);
		BigDecimal dailyUse = decimal(input.fullLoadDailyUse(), false, "input.fullLoadDailyUse", errors);
		int targetDays = (input.targetDays() != null) ? input.targetDays() : this.policy.targetDays();
		if (targetDays <= 0 || targetDays > 3650) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "target days are between 1 and 3650", "input.targetDays"));
		}
		RuleViolation.throwIfAny(errors);
		this.db.insertInto(STOCK_REQUIREMENT)
			.set(STOCK_REQUIREMENT.SITE_ID, site)
			.set(STOCK_REQUIREMENT.ITEM_ID, item)
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, dailyUse)
			.set(STOCK_REQUIREMENT.TARGET_DAYS, targetDays)
			.set(STOCK_REQUIREMENT.CREATED_BY, actor.name())
			.set(STOCK_REQUIREMENT.UPDATED_BY, actor.name())
			.onConflict(STOCK_REQUIREMENT.SITE_ID, STOCK_REQUIREMENT.ITEM_ID)
			.doUpdate()
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, DSL.excluded(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE))
			.set(STOCK_REQUIREMENT.TARGET_DAYS, DSL.excluded(STOCK_REQUIREMENT.TARGET_DAYS))
			.set(STOCK_REQUIREMENT.UPDATED_BY, DSL.excluded(STOCK_REQUIREMENT.UPDATED_BY))
			.set(STOCK_REQUIREMENT.VERSION, STOCK_REQUIREMENT.VERSION.plus(1))
			.execute();
		return this.queries.levelsOf(List.of(new StockKey(site, item))).get(new StockKey(site, item));
	}

	/**
	 * Removes a requirement (allowed at CLOSED sites too); returns the level without it,
	 * or null when the site holds no stock of the item either.
	 */
	@Nullable StockLevel removeStockRequirement(RemoveStockRequirementInput input) {
		List<UserError> errors = new ArrayList<>();
		long site = site(input.site(), "input.site", true, errors);
		long item = item(input.item(), "input.item", errors);
		RuleViolation.throwIfAny(errors);
		int deleted = this.db.deleteFrom(STOCK_REQUIREMENT)
			.where(STOCK_REQUIREMENT.SITE_ID.eq(site), STOCK_REQUIREMENT.ITEM_ID.eq(item))
			.execute();
		if (deleted == 0) {
			throw new RuleViolation(ErrorCode.NOT_FOUND, "the site has no requirement for this item", "input.item");
		}
		return this.queries.levelsOf(List.of(new StockKey(site, item))).get(new StockKey(site, item));
	}

	// the writes behind the ledger operations

	/**
	 * Takes a quantity out of a lot in one atomic statement; refused with
	 * INSUFFICIENT_STOCK (and nothing changed) when the lot holds less. Returns the lot's
	 * expiry date.
	 */
	private @Nullable LocalDate take(long site, long item, String lot, BigDecimal quantity) {
		Record taken = this.db.update(STOCK_BALANCE)
			.set(STOCK_BALANCE.ON_HAND, STOCK_BALANCE.ON_HAND.minus(quantity))
			.set(STOCK_BALANCE.VERSION, STOCK_BALANCE.VERSION.plus(1))
			.where(STOCK_BALANCE.SITE_ID.eq(site), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot),
					STOCK_BALANCE.ON_HAND.ge(quantity))
			.returningResult(STOCK_BALANCE.ON_HAND, STOCK_BALANCE.EXPIRES_ON)
			.fetchOne();
		if (taken == null) {
			BigDecimal onHand = this.db.select(STOCK_BALANCE.ON_HAND)
				.from(STOCK_BALANCE)
				.where(STOCK_BALANCE.SITE_ID.eq(site), STOCK_BALANCE.ITEM_ID.eq(item), STOCK_BALANCE.LOT.eq(lot))
				.fetchOne(STOCK_BALANCE.ON_HAND);
			throw insufficient(lot, (onHand != null) ? onHand : BigDecimal.ZERO, quantity);
		}
		return taken.get(STOCK_BALANCE.EXPIRES_ON);
	}

	private static RuleViolation insufficient(String lot, BigDecimal onHand, BigDecimal quantity) {
		return new RuleViolation(
				ErrorCode.INSUFFICIENT_STOCK, "only " + onHand.stripTrailingZeros().toPlainString() + " of lot " + lot
						+ " on hand, " + quantity.stripTrailingZeros().toPlainString() + " asked for",
				"input.quantity");
	}

	private StockMovement append(long site, long item, String lot, StockMovementKind kind, BigDecimal quantity,
			OffsetDateTime occurredAt, @Nullable Long counterpart, @Nullable String reference, Actor actor) {
		return this.db.insertInto(STOCK_MOVEMENT)
			.set(STOCK_MOVEMENT.SITE_ID, site)
			.set(STOCK_MOVEMENT.ITEM_ID, item)
			.set(STOCK_MOVEMENT.LOT, lot)
			.set(STOCK_MOVEMENT.KIND, kind.name())
			.set(STOCK_MOVEMENT.QUANTITY, quantity)
			.set(STOCK_MOVEMENT.OCCURRED_AT, occurredAt)
			.set(STOCK_MOVEMENT.COUNTERPART_SITE_ID, counterpart)
			.set(STOCK_MOVEMENT.REFERENCE, reference)
			.set(STOCK_MOVEMENT.CREATED_BY, actor.name())
			.returningResult(StockQueries.movementFields())
			.fetchOne(StockQueries::toMovement);
	}

	/** The movements and the levels after them, in the order the movements name them. */
	private Moved moved(List<StockMovement> movements) {
		List<StockKey> keys = movements.stream()
			.map((movement) -> new StockKey(movement.siteId(), movement.itemId()))
			.distinct()
			.toList();
		Map<StockKey, StockLevel> levels = this.queries.levelsOf(keys);
		return new Moved(movements, keys.stream().map(levels::get).toList());
	}

	// input checks

	/**
	 * The site's id, or 0 with an error: NOT_FOUND when unknown, RULE_VIOLATED when
	 * CLOSED (unless allowed).
	 */
	private long site(String globalId, String field, boolean closedAllowed, List<UserError> errors) {
		long id = GlobalId.decode(globalId, "Site");
		String status = this.db.select(SITE.STATUS).from(SITE).where(SITE.ID.eq(id)).fetchOne(SITE.STATUS);
		if (status == null) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such site", field));
			return 0;
		}
		if (!closedAllowed && SiteStatus.valueOf(status) == SiteStatus.CLOSED) {
			errors.add(new UserError(ErrorCode.RULE_VIOLATED, "the site is closed and holds no stock", field));
		}
		return id;
	}

	private long item(String globalId, String field, List<UserError> errors) {
		long id = GlobalId.decode(globalId, "SupplyItem");
		if (!this.db.fetchExists(SUPPLY_ITEM, SUPPLY_ITEM.ID.eq(id))) {
			errors.add(new UserError(ErrorCode.NOT_FOUND, "no such supply item", field));
		}
		return id;
	}

	private static String lot(String lot, List<UserError> errors) {
		String stripped = lot.strip();
		if (stripped.isEmpty() || stripped.length() > MAX_LOT) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a lot number has 1 to " + MAX_LOT + " characters",
					"input.lot"));
		}
		return stripped;
	}

	private static BigDecimal quantity(BigDecimal quantity, boolean signed, List<UserError> errors) {
		return decimal(quantity, signed, "input.quantity", errors);
	}

	/**
	 * A quantity of at most two decimals that fits numeric(14, 2): more than 0, or (when
	 * signed) anything but 0.
	 */
	private static BigDecimal decimal(BigDecimal value, boolean signed, String field, List<UserError> errors) {
		if (signed ? value.signum() == 0 : value.signum() <= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE,
					signed ? "the quantity must not be 0" : "the quantity must be more than 0", field));
		}
		else if (value.stripTrailingZeros().scale() > 2) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "at most 2 decimals", field));
		}
		else if (value.abs().compareTo(MAX_QUANTITY) >= 0) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "the quantity is too large", field));
		}
		return value;
	}

	private static OffsetDateTime occurredAt(@Nullable OffsetDateTime occurredAt, List<UserError> errors) {
		OffsetDateTime now = OffsetDateTime.now();
		if (occurredAt != null && occurredAt.isAfter(now.plusMinutes(5))) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "a movement cannot be recorded ahead of time",
					"input.occurredAt"));
		}
		return (occurredAt != null) ? occurredAt : now;
	}

	private static void checkCode(String code, List<UserError> errors) {
		if (!ITEM_CODE.matcher(code).matches()) {
			errors
				.add(new UserError(ErrorCode.INVALID_VALUE, "an item code is 2 to 32 of A-Z, 0-9 and -", "input.code"));
		}
	}

	private static String required(String text, String field, String what, List<UserError> errors) {
		String stripped = text.strip();
		if (stripped.isEmpty()) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, what + " is required", field));
		}
		else if (stripped.length() > MAX_TEXT) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "at most " + MAX_TEXT + " characters", field));
		}
		return stripped;
	}

	private static @Nullable String optional(@Nullable String text, String field, List<UserError> errors) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String stripped = text.strip();
		if (stripped.length() > MAX_TEXT) {
			errors.add(new UserError(ErrorCode.INVALID_VALUE, "at most " + MAX_TEXT + " characters", field));
		}
		return stripped;
	}

	private static <R extends Record, T> void setIfGiven(UpdateSetMoreStep<R> update, TableField<R, T> field,
			@Nullable T value) {
		if (value != null) {
			update.set(field, value);
		}
	}

}
