package org.epigrid.supplies;

/** Kinds of entries in the stock ledger; the sign of the quantity follows the kind. */
public enum StockMovementKind {

	RECEIPT, ISSUE, TRANSFER_OUT, TRANSFER_IN, CONSUMPTION, ADJUSTMENT, EXPIRY

}
