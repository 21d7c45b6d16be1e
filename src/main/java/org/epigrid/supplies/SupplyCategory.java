package org.epigrid.supplies;

/** Categories of supply items (物资类别). */
public enum SupplyCategory {

	PPE, TESTING, DISINFECTANT, MEDICINE, VACCINE, MEDICAL_DEVICE, LIVING

}
