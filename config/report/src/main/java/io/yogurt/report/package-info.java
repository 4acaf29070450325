/**
 * The report shell every HTML report of Yogurt uses (forecast reports, simulation reports): {@link
 * io.yogurt.report.HtmlPage} for the page, {@link io.yogurt.report.Chart} for an interactive chart
 * (uPlot, inlined from its webjar, so one file works offline), {@link io.yogurt.report.Table} for a
 * table whose headers carry units. Plain JDK and one webjar; below forecasting and simulations, so
 * both reports (and any new page) share it.
 */
package io.yogurt.report;
