package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.GlobalId;

import static org.epigrid.jooq.Tables.STOCK_BALANCE;
import static org.epigrid.jooq.Tables.STOCK_MOVEMENT;
import static org.epigrid.jooq.Tables.STOCK_REQUIREMENT;
import static org.epigrid.jooq.Tables.SUPPLY_ITEM;

/**
 * Supply fixtures written straight to the tables: items, lots on hand, requirements and
 * ledger entries. Item codes are fresh on every call.
 */
class StockFixtures {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private final DSLContext db;

	StockFixtures(DSLContext db) {
		this.db = db;
	}

	/** A catalogue item; its code is {@code S<n>-<suffix>}. */
	long item(String suffix, String name, String category, String unit) {
		return this.db.insertInto(SUPPLY_ITEM)
			.set(SUPPLY_ITEM.CODE, "S" + SEQUENCE.getAndIncrement() + "-" + suffix)
			.set(SUPPLY_ITEM.NAME, name)
			.set(SUPPLY_ITEM.CATEGORY, category)
			.set(SUPPLY_ITEM.UNIT, unit)
			.returning(SUPPLY_ITEM.ID)
			.fetchOne(SUPPLY_ITEM.ID);
	}

	String code(long item) {
		return this.db.select(SUPPLY_ITEM.CODE).from(SUPPLY_ITEM).where(SUPPLY_ITEM.ID.eq(item)).fetchOne().value1();
	}

	/** A lot on hand at a site. */
	void lot(long site, long item, String lot, @Nullable LocalDate expiresOn, String onHand) {
		this.db.insertInto(STOCK_BALANCE)
			.set(STOCK_BALANCE.SITE_ID, site)
			.set(STOCK_BALANCE.ITEM_ID, item)
			.set(STOCK_BALANCE.LOT, lot)
			.set(STOCK_BALANCE.EXPIRES_ON, expiresOn)
			.set(STOCK_BALANCE.ON_HAND, new BigDecimal(onHand))
			.execute();
	}

	/** A requirement with the table's default target days. */
	void requirement(long site, long item, String fullLoadDailyUse) {
		this.db.insertInto(STOCK_REQUIREMENT)
			.set(STOCK_REQUIREMENT.SITE_ID, site)
			.set(STOCK_REQUIREMENT.ITEM_ID, item)
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, new BigDecimal(fullLoadDailyUse))
			.execute();
	}

	void requirement(long site, long item, String fullLoadDailyUse, int targetDays) {
		this.db.insertInto(STOCK_REQUIREMENT)
			.set(STOCK_REQUIREMENT.SITE_ID, site)
			.set(STOCK_REQUIREMENT.ITEM_ID, item)
			.set(STOCK_REQUIREMENT.FULL_LOAD_DAILY_USE, new BigDecimal(fullLoadDailyUse))
			.set(STOCK_REQUIREMENT.TARGET_DAYS, targetDays)
			.execute();
	}

	/** A ledger entry; the quantity is signed as the kind requires. */
	long movement(long site, long item, String lot, String kind, String quantity, OffsetDateTime occurredAt,
			@Nullable Long counterpartSite, @Nullable String reference) {
		return this.db.insertInto(STOCK_MOVEMENT)
			.set(STOCK_MOVEMENT.SITE_ID, site)
			.set(STOCK_MOVEMENT.ITEM_ID, item)
			.set(STOCK_MOVEMENT.LOT, lot)
			.set(STOCK_MOVEMENT.KIND, kind)
			.set(STOCK_MOVEMENT.QUANTITY, new BigDecimal(quantity))
			.set(STOCK_MOVEMENT.OCCURRED_AT, occurredAt)
			.set(STOCK_MOVEMENT.COUNTERPART_SITE_ID, counterpartSite)
			.set(STOCK_MOVEMENT.REFERENCE, reference)
			.returning(STOCK_MOVEMENT.ID)
			.fetchOne(STOCK_MOVEMENT.ID);
	}

	static String itemId(long item) {
		return GlobalId.encode("SupplyItem", item);
	}

	static String siteId(long site) {
		return GlobalId.encode("Site", site);
	}

	static String movementId(long movement) {
		return GlobalId.encode("StockMovement", movement);
	}

}
