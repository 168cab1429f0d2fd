/**
 * Turns JMH JSON results into the benchmark report (Markdown tables and SVG charts, {@link
 * io.vidstore.benchmarks.report.Report}) and checks that allocation per operation does not grow
 * with the file size ({@link io.vidstore.benchmarks.report.AllocationCheck}). Plain Java on
 * purpose: no JSON or charting library to keep up to date.
 */
package io.vidstore.benchmarks.report;
