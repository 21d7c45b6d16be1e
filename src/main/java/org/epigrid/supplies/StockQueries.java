package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import org.epigrid.places.Site;
import org.epigrid.places.SiteStatus;
import org.epigrid.places.SiteType;
import org.epigrid.support.Connection;
import org.epigrid.support.Cursor;
import org.epigrid.support.PageRequest;

import static org.epigrid.jooq.Tables.SITE;
import static org.epigrid.jooq.Tables.STOCK_BALANCE;
import static org.epigrid.jooq.Tables.STOCK_MOVEMENT;
import static org.epigrid.jooq.Tables.STOCK_REQUIREMENT;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/**
 * SQL for supply items, stock levels, lots and the stock ledger. Every method is one
 * statement.
 */
@Repository
@Transactional(readOnly = true)
class StockQueries {

	private static final Field<Long> KEY_SITE_ID = DSL.field(DSL.name("k", "site_id"), Long.class);

	private static final Field<Long> KEY_ITEM_ID = DSL.field(DSL.name("k", "item_id"), Long.class);

	private final DSLContext db;

	StockQueries(DSLContext db) {
		this.db = db;
	}

	// stock levels

	/**
	 * One page of stock levels: one statement over a derived table of balances summed per
	 * (site, item), full-joined with the requirements, so that a requirement without any
	 * stock is a row with nothing on hand.
	 */
	Connection<StockLevel> stock(StockFilter filter, PageRequest page) {
		Cursor.Keys after = Cursor.decode(page.after(), 2);
		StockKey from = (after != null) ? new StockKey(after.longAt(0), after.longAt(1)) : null;
		Table<?> levels = levels(filter::scope, from);
		List<StockLevel> rows = this.db.select(levels.fields())
			.from(levels)
			.where(belowTarget(levels, filter))
			.orderBy(levels.field("site_id"), levels.field("item_id"))
			.limit(page.limit())
			.fetch(StockQueries::toLevel);
		return Connection.of(rows, page, (level) -> Cursor.encode(level.siteId(), level.itemId()), () -> {
			Table<?> all = levels(filter::scope, null);
			return this.db.fetchCount(all, belowTarget(all, filter));
		});
	}

	/**
	 * The stock levels of the given keys, as they are now (in the caller's transaction).
	 * A key with neither stock nor requirement has no level.
	 */
	Map<StockKey, StockLevel> levelsOf(Collection<StockKey> keys) {
		Map<StockKey, StockLevel> byKey = new LinkedHashMap<>();
		if (keys.isEmpty()) {
			return byKey;
		}
		Table<?> levels = levels((siteId, itemId) -> DSL.row(siteId, itemId)
			.in(keys.stream().map((key) -> DSL.row(key.siteId(), key.itemId())).toList()), null);
		this.db.select(levels.fields())
			.from(levels)
			.orderBy(levels.field("site_id"), levels.field("item_id"))
			.fetch(StockQueries::toLevel)
			.forEach((level) -> byKey.put(StockKey.of(level), level));
		return byKey;
	}

	/** Conditions on the (site, item) key of a stock level. */
	@FunctionalInterface
	interface Scope {

		Condition on(Field<Long> siteId, Field<Long> itemId);

	}

	/**
	 * Stock levels after the given key (or all), in the given scope (a filter's
	 * everything but {@code belowTarget}). The key conditions go into both sides of the
	 * full join, where they can use the (site_id, item_id) indexes; the coalesced keys of
	 * the joined row equal the side's keys, so this is the same as filtering the joined
	 * rows.
	 */
	private static Table<?> levels(Scope scope, @Nullable StockKey after) {
		Table<?> balance = DSL
			.select(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, DSL.sum(STOCK_BALANCE.ON_HAND).as("on_hand"))
			.from(STOCK_BALANCE)
			.where(scope.on(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID),
					after(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, after))
			.groupBy(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID)
			.asTable("balance");
		Table<?> requirement = DSL
			.select(STOCK_REQUIREMENT.SITE_ID, STOCK_REQUIREMENT.ITEM_ID, STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE,
					STOCK_REQUIREMENT.TARGET_DAYS)
			.from(STOCK_REQUIREMENT)
			.where(scope.on(STOCK_REQUIREMENT.SITE_ID, STOCK_REQUIREMENT.ITEM_ID),
					after(STOCK_REQUIREMENT.SITE_ID, STOCK_REQUIREMENT.ITEM_ID, after))
			.asTable("requirement");
		Field<Long> balanceSite = balance.field(STOCK_BALANCE.SITE_ID);
		Field<Long> balanceItem = balance.field(STOCK_BALANCE.ITEM_ID);
		Field<Long> requirementSite = requirement.field(STOCK_REQUIREMENT.SITE_ID);
		Field<Long> requirementItem = requirement.field(STOCK_REQUIREMENT.ITEM_ID);
		Field<BigDecimal> onHand = DSL.coalesce(balance.field("on_hand", BigDecimal.class),
				DSL.inline(BigDecimal.ZERO));
		Field<BigDecimal> dailyUse = requirement.field(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE);
		Field<Integer> targetDays = requirement.field(STOCK_REQUIREMENT.TARGET_DAYS);
		return DSL
			.select(DSL.coalesce(balanceSite, requirementSite).as("site_id"),
					DSL.coalesce(balanceItem, requirementItem).as("item_id"), onHand.as("on_hand"),
					dailyUse.as("full_load_daily_use"), targetDays.as("target_days"),
					onHand.div(dailyUse).cast(SQLDataType.DOUBLE).as("days_of_cover"),
					// on hand / daily use < target days, without rounding the quotient
					DSL.field(dailyUse.isNotNull().and(onHand.lt(dailyUse.mul(targetDays)))).as("below_target"))
			.from(balance)
			.fullJoin(requirement)
			.on(requirementSite.eq(balanceSite), requirementItem.eq(balanceItem))
			.asTable("stock_level");
	}

	private static Condition after(Field<Long> siteId, Field<Long> itemId, @Nullable StockKey after) {
		return (after != null) ? DSL.row(siteId, itemId).gt(after.siteId(), after.itemId()) : DSL.noCondition();
	}

	private static Condition belowTarget(Table<?> levels, StockFilter filter) {
		return (filter.belowTarget() != null) ? levels.field("below_target", Boolean.class).eq(filter.belowTarget())
				: DSL.noCondition();
	}

	private static StockLevel toLevel(Record r) {
		return new StockLevel(r.get("site_id", Long.class), r.get("item_id", Long.class),
				r.get("on_hand", BigDecimal.class), r.get("full_load_daily_use", BigDecimal.class),
				r.get("target_days", Integer.class), r.get("days_of_cover", Double.class),
				r.get("below_target", Boolean.class));
	}

	/**
	 * For each key, its lots: earliest expiry first (first expired, first out), then by
	 * lot.
	 */
	Map<StockKey, List<StockLot>> lotsOf(Collection<StockKey> keys) {
		Map<StockKey, List<StockLot>> lots = new LinkedHashMap<>();
		this.db
			.select(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.LOT, STOCK_BALANCE.EXPIRES_ON,
					STOCK_BALANCE.ON_HAND)
			.from(keys(keys))
			.join(STOCK_BALANCE)
			.on(STOCK_BALANCE.SITE_ID.eq(KEY_SITE_ID), STOCK_BALANCE.ITEM_ID.eq(KEY_ITEM_ID))
			.orderBy(STOCK_BALANCE.SITE_ID, STOCK_BALANCE.ITEM_ID, STOCK_BALANCE.EXPIRES_ON.asc().nullsLast(),
					STOCK_BALANCE.LOT)
			.forEach((r) -> lots.computeIfAbsent(new StockKey(r.value1(), r.value2()), (k) -> new ArrayList<>())
				.add(new StockLot(r.value3(), r.value4(), r.value5())));
		return lots;
	}

	/**
	 * For each key, its newest {@code limit} movements, newest first (one statement, a
	 * lateral join that walks the (site_id, item_id, occurred_at) index backwards).
	 */
	Map<StockKey, List<StockMovement>> movementsOf(Collection<StockKey> keys, int limit) {
		Table<?> newest = DSL.select(movementFields())
			.from(STOCK_MOVEMENT)
			.where(STOCK_MOVEMENT.SITE_ID.eq(KEY_SITE_ID), STOCK_MOVEMENT.ITEM_ID.eq(KEY_ITEM_ID))
			.orderBy(STOCK_MOVEMENT.OCCURRED_AT.desc(), STOCK_MOVEMENT.ID.desc())
			.limit(limit)
			.asTable("m");
		Map<StockKey, List<StockMovement>> movements = new LinkedHashMap<>();
		this.db.select(newest.fields())
			.from(keys(keys))
			.crossJoin(DSL.lateral(newest))
			.orderBy(newest.field(STOCK_MOVEMENT.SITE_ID), newest.field(STOCK_MOVEMENT.ITEM_ID),
					newest.field(STOCK_MOVEMENT.OCCURRED_AT).desc(), newest.field(STOCK_MOVEMENT.ID).desc())
			.fetch(StockQueries::toMovement)
			.forEach((movement) -> movements
				.computeIfAbsent(new StockKey(movement.siteId(), movement.itemId()), (k) -> new ArrayList<>())
				.add(movement));
		return movements;
	}

	/**
	 * The keys as a table {@code k(site_id, item_id)}: two array parameters, whatever the
	 * batch size.
	 */
	private static Table<?> keys(Collection<StockKey> keys) {
		Long[] sites = keys.stream().map(StockKey::siteId).toArray(Long[]::new);
		Long[] items = keys.stream().map(StockKey::itemId).toArray(Long[]::new);
		return DSL
			.table("unnest({0}, {1})", DSL.val(sites, SQLDataType.BIGINT.array()),
					DSL.val(items, SQLDataType.BIGINT.array()))
			.as("k", "site_id", "item_id");
	}

	// the ledger

	static List<SelectField<?>> movementFields() {
		return List.of(STOCK_MOVEMENT.ID, STOCK_MOVEMENT.SITE_ID, STOCK_MOVEMENT.ITEM_ID, STOCK_MOVEMENT.LOT,
				STOCK_MOVEMENT.KIND, STOCK_MOVEMENT.QUANTITY, STOCK_MOVEMENT.OCCURRED_AT,
				STOCK_MOVEMENT.COUNTERPART_SITE_ID, STOCK_MOVEMENT.REFERENCE);
	}

	static StockMovement toMovement(Record r) {
		return new StockMovement(r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class),
				r.get(3, String.class), StockMovementKind.valueOf(r.get(4, String.class)), r.get(5, BigDecimal.class),
				r.get(6, OffsetDateTime.class), r.get(7, Long.class), r.get(8, String.class));
	}

	Optional<StockMovement> movement(long id) {
		return this.db.select(movementFields())
			.from(STOCK_MOVEMENT)
			.where(STOCK_MOVEMENT.ID.eq(id))
			.fetchOptional(StockQueries::toMovement);
	}

	// supply items

	private static List<SelectField<?>> itemFields() {
		return List.of(SUPPLY_ITEM.ID, SUPPLY_ITEM.CODE, SUPPLY_ITEM.NAME, SUPPLY_ITEM.CATEGORY, SUPPLY_ITEM.UNIT,
				SUPPLY_ITEM.VERSION);
	}

	private static SupplyItem toItem(Record r) {
		return new SupplyItem(r.get(SUPPLY_ITEM.ID), r.get(SUPPLY_ITEM.CODE), r.get(SUPPLY_ITEM.NAME),
				SupplyCategory.valueOf(r.get(SUPPLY_ITEM.CATEGORY)), r.get(SUPPLY_ITEM.UNIT),
				r.get(SUPPLY_ITEM.VERSION));
	}

	Connection<SupplyItem> supplyItems(SupplyItemFilter filter, PageRequest page) {
		Condition where = filter.toCondition();
		Cursor.Keys after = Cursor.decode(page.after(), 1);
		Condition keyset = (after != null) ? SUPPLY_ITEM.CODE.gt(after.stringAt(0)) : DSL.noCondition();
		List<SupplyItem> rows = this.db.select(itemFields())
			.from(SUPPLY_ITEM)
			.where(where, keyset)
			.orderBy(SUPPLY_ITEM.CODE)
			.limit(page.limit())
			.fetch(StockQueries::toItem);
		return Connection.of(rows, page, (item) -> Cursor.encode(item.code()),
				() -> this.db.fetchCount(SUPPLY_ITEM, where));
	}

	Optional<SupplyItem> supplyItem(long id) {
		return this.db.select(itemFields())
			.from(SUPPLY_ITEM)
			.where(SUPPLY_ITEM.ID.eq(id))
			.fetchOptional(StockQueries::toItem);
	}

	Map<Long, SupplyItem> supplyItemsById(Collection<Long> ids) {
		Map<Long, SupplyItem> byId = new LinkedHashMap<>();
		this.db.select(itemFields())
			.from(SUPPLY_ITEM)
			.where(SUPPLY_ITEM.ID.in(ids))
			.fetch(StockQueries::toItem)
			.forEach((item) -> byId.put(item.id(), item));
		return byId;
	}

	// sites (the public Site record of the places feature, same columns as its queries)

	Map<Long, Site> sitesById(Collection<Long> ids) {
		Map<Long, Site> byId = new LinkedHashMap<>();
		this.db
			.select(SITE.ID, SITE.PLACE_ID, SITE.TYPE, SITE.NAME, SITE.ADDRESS, SITE.VENUE_CODE, SITE.STATUS,
					SITE.ROOMS, SITE.BEDS, SITE.DAILY_TEST_CAPACITY, SITE.LATITUDE, SITE.LONGITUDE)
			.from(SITE)
			.where(SITE.ID.in(ids))
			.forEach((r) -> byId.put(r.get(SITE.ID),
					new Site(r.get(SITE.ID), r.get(SITE.PLACE_ID), SiteType.valueOf(r.get(SITE.TYPE)), r.get(SITE.NAME),
							r.get(SITE.ADDRESS), r.get(SITE.VENUE_CODE), SiteStatus.valueOf(r.get(SITE.STATUS)),
							r.get(SITE.ROOMS), r.get(SITE.BEDS), r.get(SITE.DAILY_TEST_CAPACITY),
							r.get(SITE.LATITUDE, Double.class), r.get(SITE.LONGITUDE, Double.class))));
		return byId;
	}

}
