/**
 * Analytics for the command centre: testing statistics over an hourly rollup, quarantine
 * occupancy, tracing timeliness, returnee inflow, supply and vaccination coverage, and
 * the alerts that need action now.
 * <p>
 * Analytics is the one feature allowed to read across every feature's tables: each query
 * is a single SQL statement (or a few) aggregating in PostgreSQL, scoped to an area
 * subtree, never loading rows into Java to count them. It writes only its own tables (the
 * {@code sample_rollup_*} tables of migration V11).
 */
@NullMarked
package org.epigrid.analytics;

import org.jspecify.annotations.NullMarked;
