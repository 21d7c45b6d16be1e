package org.epigrid.analytics;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Stock of one supply item over every site of an area against the area's full-load
 * requirement.
 *
 * @param itemId the supply item
 * @param onHand on hand over all sites and lots (including sites without a requirement,
 * such as depots)
 * @param fullLoadDailyUse full-load daily use summed over the sites that have a
 * requirement; null when none has
 * @param targetOnHand what the sites must hold: daily use times target days, summed
 * @param daysOfCover onHand / fullLoadDailyUse
 * @param targetDays targetOnHand / fullLoadDailyUse (the sites' target days, weighted by
 * use)
 * @param belowTarget onHand below targetOnHand
 * @param sites sites holding or requiring the item
 * @param sitesBelowTarget sites whose own stock is below their own target
 */
public record SupplyCoverage(long itemId, BigDecimal onHand, @Nullable BigDecimal fullLoadDailyUse,
		@Nullable BigDecimal targetOnHand, @Nullable Double daysOfCover, @Nullable Double targetDays,
		boolean belowTarget, int sites, int sitesBelowTarget) {

}
