package org.epigrid.supplies;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** One lot of an item held at a site. */
public record StockLot(String lot, @Nullable LocalDate expiresOn, BigDecimal onHand) {

}
