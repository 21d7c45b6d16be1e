package org.epigrid.sentinels;

/** Symptoms reported at a fever-clinic visit: the set of the daily health checks. */
public enum Symptom {

	FEVER, COUGH, SORE_THROAT, FATIGUE, LOSS_OF_SMELL, LOSS_OF_TASTE, DIARRHEA, SHORTNESS_OF_BREATH, MUSCLE_PAIN, OTHER

}
