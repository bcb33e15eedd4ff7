/**
 * Quartz, wrapped, once for the whole project. {@link org.glassprobe.scheduler.IntervalScheduler}
 * runs a probe's checks: jobs on intervals, start offsets spread deterministically by name, a
 * bounded worker pool, lateness measured for every run, and runs that cannot start on time skipped
 * and reported as missed, never silently. {@link org.glassprobe.scheduler.PeriodicScheduler} runs
 * a service's periodic jobs, in memory or clustered in Quartz's JDBC job store on a shared
 * database so that each runs once across replicas. Both plan on an injected clock. No Quartz type
 * appears in this package's API.
 * Also the one backoff policy for retrying after failures ({@link org.glassprobe.scheduler.Backoff}),
 * shared by the probe's shipping and the API's webhook deliveries.
 */
package org.glassprobe.scheduler;
