package org.epigrid.supplies;

/**
 * A supply item of the reserve catalogue, as the API shows it.
 *
 * @param version row version for optimistic locking
 */
public record SupplyItem(long id, String code, String name, SupplyCategory category, String unit, int version) {

}
