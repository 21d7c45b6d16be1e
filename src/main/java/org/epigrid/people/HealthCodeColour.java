package org.epigrid.people;

/** Health code colour (健康码). */
public enum HealthCodeColour {

	GREEN, YELLOW, RED

}
