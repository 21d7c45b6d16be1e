package org.epigrid.coldchain;

/** What a package sample is taken from. */
public enum PackageSpecimen {

	PACKAGE_SWAB, FOOD

}
