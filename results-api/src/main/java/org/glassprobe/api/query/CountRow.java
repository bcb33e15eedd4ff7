package org.glassprobe.api.query;

/**
 * Runs and failures of one check in one region summed over one time bucket (its start in epoch ms;
 * 0 when not bucketed by time), as the store reads them without latency histograms.
 */
public record CountRow(String check, String region, long bucketStart, long runs, long failures) {}
