package org.glassprobe.scenarios.result;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one step of a run did and how long each part took.
 *
 * @param name       the step's name in the check
 * @param kind       the step kind (http, tcp, and the browser kinds)
 * @param ok         whether the step passed
 * @param durationMs from the step's first byte of work to its last, in milliseconds
 * @param request    what was asked for (method and URL after variables), or null
 * @param status     the HTTP status code of the final response, or null when there was none
 * @param phases     the network phases; all 0 for steps without a network request of their own
 * @param conditions every condition evaluated, in the order written (implicit ones last)
 * @param captures   variables captured by this step, by name
 * @param integrity  the content integrity comparison, or null when the step asked for none
 * @param timings    step-kind specific timings in milliseconds (for example a browser's Navigation
 *                   Timing), by name; empty when the kind has none
 * @param artifacts  files written for this step (for example a failure screenshot)
 * @param error      why the step failed, or null when it passed or did not run
 * @param cleanup    true for a clean-up step (run after the steps whatever happened; its failure
 *                   fails the run only when the check says so), else null (left out of the JSON)
 * @param notRun     why the step did not run (an earlier step failed), or null when it ran
 * @param dns        what a dns step was answered (server, transport, response code, answers), or
 *                   null for other kinds and when no answer came
 * @param tls        what the TLS handshake of an HTTP step over https showed, or null
 * @param warn       every {@code warn} condition evaluated, with its outcome; one that does not hold
 *                   marks the run warned but does not fail the step (left out of the JSON when empty)
 */
public record StepResult(
        String name,
        String kind,
        boolean ok,
        double durationMs,
        Request request,
        Integer status,
        Phases phases,
        List<ConditionResult> conditions,
        Map<String, String> captures,
        Integrity integrity,
        Map<String, Double> timings,
        List<Artifact> artifacts,
        RunError error,
        Boolean cleanup,
        String notRun,
        DnsResponse dns,
        TlsInfo tls,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
        List<ConditionResult> warn) {

    public StepResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        phases = phases == null ? Phases.NONE : phases;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        captures = captures == null ? Map.of() : Map.copyOf(captures);
        timings = timings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        cleanup = Boolean.TRUE.equals(cleanup) ? Boolean.TRUE : null;
        warn = warn == null ? List.of() : List.copyOf(warn);
        if (ok && (error != null || notRun != null)) {
            throw new IllegalArgumentException("a passed step has no error and ran");
        }
        if (!ok && (error == null) == (notRun == null)) {
            throw new IllegalArgumentException("a failed step says why: it failed, or it did not run");
        }
    }

    /** A step of any kind but dns. */
    public StepResult(String name, String kind, boolean ok, double durationMs, Request request, Integer status,
            Phases phases, List<ConditionResult> conditions, Map<String, String> captures, Integrity integrity,
            Map<String, Double> timings, List<Artifact> artifacts, RunError error, Boolean cleanup, String notRun) {
        this(name, kind, ok, durationMs, request, status, phases, conditions, captures, integrity, timings, artifacts,
                error, cleanup, notRun, null, null, null);
    }

    /** A step of the run's steps (not a clean-up step) that ran. */
    public StepResult(String name, String kind, boolean ok, double durationMs, Request request, Integer status,
            Phases phases, List<ConditionResult> conditions, Map<String, String> captures, Integrity integrity,
            Map<String, Double> timings, List<Artifact> artifacts, RunError error) {
        this(name, kind, ok, durationMs, request, status, phases, conditions, captures, integrity, timings, artifacts,
                error, null, null, null, null, null);
    }

    /** A step that did not run, and why. */
    public static StepResult notRun(String name, String kind, boolean cleanup, String why) {
        return new StepResult(name, kind, false, 0, null, null, null, null, null, null, null, null, null, cleanup,
                why, null, null, null);
    }

    /** Whether it is a clean-up step. */
    public boolean cleanupStep() {
        return cleanup != null;
    }

    /** Whether the step ran (passed or failed). */
    public boolean ran() {
        return notRun == null;
    }

    /** The same result with these artifacts. */
    public StepResult withArtifacts(List<Artifact> files) {
        return new StepResult(name, kind, ok, durationMs, request, status, phases, conditions, captures, integrity,
                timings, files, error, cleanup, notRun, dns, tls, warn);
    }

    /** The same result, as a clean-up step's. */
    public StepResult asCleanup() {
        return new StepResult(name, kind, ok, durationMs, request, status, phases, conditions, captures, integrity,
                timings, artifacts, error, true, notRun, dns, tls, warn);
    }

    /** The {@code warn} conditions of this step that did not hold. */
    public List<ConditionResult> failedWarnings() {
        return warn.stream().filter(c -> !c.ok()).toList();
    }

    /** The request a step made, after variables were put in. */
    public record Request(String method, String url) {}

    /**
     * A file produced by a run (screenshot, trace), with where it lies on the probe and how big it
     * is. A probe may send a small rendition with the result ({@code content}, base64, of
     * {@code contentType}), so that the uptime page can show what the user would have seen.
     */
    public record Artifact(String type, String path, long size, String contentType, String content) {
        public Artifact(String type, String path, long size) {
            this(type, path, size, null, null);
        }

        public Artifact withContent(String mediaType, String base64) {
            return new Artifact(type, path, size, mediaType, base64);
        }
    }
}
