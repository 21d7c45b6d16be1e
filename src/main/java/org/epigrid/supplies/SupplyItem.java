package org.epigrid.supplies;

/** A supply item of the reserve catalogue, as the API shows it. */
public record SupplyItem(long id, String code, String name, SupplyCategory category, String unit) {

}
