/**
 * Quartz, wrapped for a probe: jobs on intervals, start offsets spread deterministically by name,
 * a bounded worker pool, lateness measured for every run, and runs that cannot start on time
 * skipped and reported as missed, never silently. No Quartz type appears in this package's API.
 * Also the one backoff policy for retrying after failures ({@link org.glassprobe.scheduler.Backoff}),
 * shared by the probe's shipping and the API's webhook deliveries.
 */
package org.glassprobe.scheduler;
