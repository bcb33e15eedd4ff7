package org.glassprobe.probe.spool;

/**
 * One record waiting to be delivered.
 *
 * @param sequence its place in the spool; records are delivered and acknowledged in this order
 * @param payload  the bytes appended (a result's JSON)
 */
public record SpoolRecord(long sequence, byte[] payload) {}
