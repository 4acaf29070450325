/**
 * Reports of simulated runs: a terminal table, per-minute CSV, a JSON summary, an offline HTML
 * page.
 */
package io.yogurt.simulations.report;
