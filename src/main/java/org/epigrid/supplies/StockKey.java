package org.epigrid.supplies;

/** The key of a stock level: an item at a site. */
record StockKey(long siteId, long itemId) {

	static StockKey of(StockLevel level) {
		return new StockKey(level.siteId(), level.itemId());
	}

}
