package org.epigrid.people;

/** Symptoms recorded at a daily health check. */
public enum Symptom {

	FEVER, COUGH, SORE_THROAT, FATIGUE, LOSS_OF_SMELL, LOSS_OF_TASTE, DIARRHEA, SHORTNESS_OF_BREATH, MUSCLE_PAIN, OTHER

}
