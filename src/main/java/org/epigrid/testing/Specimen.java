package org.epigrid.testing;

/** What was swabbed or collected. */
public enum Specimen {

	OROPHARYNGEAL_SWAB, NASOPHARYNGEAL_SWAB, NASAL_SWAB, SPUTUM, SERUM, ENVIRONMENTAL_SWAB, PACKAGE_SWAB, FOOD

}
