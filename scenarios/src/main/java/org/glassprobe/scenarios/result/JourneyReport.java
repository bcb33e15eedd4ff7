package org.glassprobe.scenarios.result;

import java.time.Instant;

/**
 * What a run of a journey check (one region writes, the others read) did as writer or reader; the
 * {@code journey} field of a result (docs/result-format.md). Read as tolerantly as the rest of a
 * result: what a field must hold is checked where results are taken in (the results API says which
 * field is wrong), so a probe of a later version is not refused for a field it adds or leaves out.
 *
 * @param role             {@code writer} or {@code reader}
 * @param round            the planned instant of the round the run belongs to (the same in every region)
 * @param object           the writer: the object it published (null when its upload did not
 *                         succeed); the reader: the object it read (null when none was published yet)
 * @param fresh            the reader: whether the object is the one written in this round (false: it
 *                         re-read an older one, whose propagation was measured before); null for the writer
 * @param reads            the reader: how many reads it made
 * @param firstIdenticalAt the reader: when the first read that returned the written bytes started
 * @param propagationMs    the reader: firstIdenticalAt − the object's upload time, in ms
 * @param upperBound       the reader: true when its first read was already identical (the object
 *                         propagated at or before it: the value is an upper bound)
 * @param resolutionMs     the reader: time between the last read that failed and the identical one
 *                         (the propagation happened within this before {@code firstIdenticalAt})
 * @param failuresBefore   the reader: the reads before the identical one, by what they found
 */
public record JourneyReport(String role, Instant round, PublishedObject object, Boolean fresh, Integer reads,
        Instant firstIdenticalAt, Double propagationMs, Boolean upperBound, Double resolutionMs,
        Failures failuresBefore) {
    public static final String WRITER = "writer";
    public static final String READER = "reader";

    /** The writer's report: the object it published, or none. */
    public static JourneyReport writer(Instant round, PublishedObject object) {
        return new JourneyReport(WRITER, round, object, null, null, null, null, null, null, null);
    }

    /**
     * An object one region wrote for the others to read.
     *
     * @param id          the writer's run id (absent in the writer's own report: it is the result's id)
     * @param round       the round it was written in
     * @param writer      the probe that wrote it (absent in the writer's own report)
     * @param url         where it is read
     * @param sha256      the SHA-256 of the bytes written
     * @param size        their length
     * @param contentType their media type
     * @param file        the file uploaded, as named in the check
     * @param step        the step that uploaded it
     * @param uploadStartedAt when the upload began (the writer's clock; the store had the object
     *                    at some instant between this and {@code uploadedAt}); absent where the API
     *                    hands the object to readers
     * @param uploadedAt  when the upload's answer arrived (the writer's clock): propagation counts from it
     */
    public record PublishedObject(String id, Instant round, Writer writer, String url, String sha256, long size,
            String contentType, String file, String step, Instant uploadStartedAt, Instant uploadedAt) {}

    /** The probe that wrote an object, and its region. */
    public record Writer(String probe, String region) {}

    /**
     * Reads before the identical one, by what they found.
     *
     * @param missing   404 or 410: not there yet
     * @param stale     the bytes of the object written before this one
     * @param different other bytes
     * @param error     another status, or no answer
     */
    public record Failures(int missing, int stale, int different, int error) {
        public static final Failures NONE = new Failures(0, 0, 0, 0);

        public int total() {
            return missing + stale + different + error;
        }
    }
}
