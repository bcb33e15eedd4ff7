package org.glassprobe.probe.spool;

/**
 * What a spool holds and has lost.
 *
 * @param pending  records not yet acknowledged
 * @param bytes    bytes of those records on disk
 * @param dropped  records dropped because the spool was full, since the spool was created (kept
 *                 across restarts)
 * @param appended records appended since this process opened the spool
 */
public record SpoolStats(long pending, long bytes, long dropped, long appended) {}
