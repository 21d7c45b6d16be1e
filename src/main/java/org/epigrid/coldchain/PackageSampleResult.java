package org.epigrid.coldchain;

/** Result of a package sample. */
public enum PackageSampleResult {

	NEGATIVE, POSITIVE, INVALID

}
