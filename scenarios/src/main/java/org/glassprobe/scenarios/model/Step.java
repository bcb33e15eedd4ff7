package org.glassprobe.scenarios.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a check. Each step kind is one record implementing this interface, read by its
 * {@link org.glassprobe.scenarios.parse.StepSyntax} and run by its step executor.
 */
public interface Step {
    /** The step's name, unique within its check. */
    String name();

    /** The step kind, as written in the check file (http, tcp, goto, ...). */
    String kind();

    /** The step's own deadline, if shorter than what remains of the check's. */
    Optional<Duration> timeout();

    /** The variables this step sets for later steps. */
    default List<String> capturedVariables() {
        return List.of();
    }

    /** The earlier steps whose uploaded files this step compares with ({@code integrity}). */
    default List<String> integritySteps() {
        return List.of();
    }

    /** The files this step uploads, by the name a later integrity check can refer to. */
    default java.util.Map<String, UploadFile> uploadedFiles() {
        return java.util.Map.of();
    }
}
