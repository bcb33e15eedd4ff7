/**
 * Quartz, wrapped for a probe: jobs on intervals, start offsets spread deterministically by name,
 * a bounded worker pool, lateness measured for every run, and runs that cannot start on time
 * skipped and reported as missed, never silently. No Quartz type appears in this package's API.
 */
package org.glassprobe.scheduler;
