package org.epigrid.supplies;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Stock of one item at one site: on hand over all lots against the site's full-load
 * requirement. Identified by {@code (siteId, itemId)}; deliberately not a Node (a global
 * id holds one number).
 *
 * @param siteId the site holding the stock
 * @param itemId the supply item
 * @param onHand sum over lots, 0 when only a requirement exists
 * @param fullLoadDailyUse full-load daily use, null without a requirement
 * @param targetDays days of cover the site must hold, null without a requirement
 * @param daysOfCover on hand divided by full-load daily use, null without a requirement
 * @param belowTarget days of cover under target days; false without a requirement
 */
public record StockLevel(long siteId, long itemId, BigDecimal onHand, @Nullable BigDecimal fullLoadDailyUse,
		@Nullable Integer targetDays, @Nullable Double daysOfCover, boolean belowTarget) {

}
