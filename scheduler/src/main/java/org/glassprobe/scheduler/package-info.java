/**
 * Quartz, wrapped: runs jobs on intervals with start offsets spread by name, a bounded worker
 * pool, and a misfire policy that reports skipped runs as missed. Filled in by the probe-node
 * issue; the module exists now so that the build has its final shape.
 */
package org.glassprobe.scheduler;
