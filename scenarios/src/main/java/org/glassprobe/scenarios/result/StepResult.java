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
 * @param error      why the step failed, or null when it passed
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
        RunError error) {

    public StepResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        phases = phases == null ? Phases.NONE : phases;
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        captures = captures == null ? Map.of() : Map.copyOf(captures);
        timings = timings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(timings));
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
        if (ok && error != null) {
            throw new IllegalArgumentException("a passed step has no error");
        }
        if (!ok && error == null) {
            throw new IllegalArgumentException("a failed step says why");
        }
    }

    /** The same result with these artifacts. */
    public StepResult withArtifacts(List<Artifact> files) {
        return new StepResult(name, kind, ok, durationMs, request, status, phases, conditions, captures, integrity,
                timings, files, error);
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
