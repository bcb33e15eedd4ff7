package org.glassprobe.scenarios.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.UploadFile;

/**
 * An HTTP request with captures, conditions, {@code warn} conditions (one that does not hold marks
 * the run warned without failing it) and an optional integrity comparison.
 */
public record HttpStep(
        String name,
        Optional<Duration> timeout,
        HttpRequestSpec request,
        List<Capture> captures,
        List<Condition> conditions,
        Optional<IntegritySpec> integrity,
        List<Condition> warnings) implements Step {

    public static final String KIND = "http";
    /** The name a raw body goes by among a step's uploaded files. */
    public static final String RAW_BODY = "body";

    public HttpStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(request, "request");
        captures = List.copyOf(captures);
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(integrity, "integrity");
        warnings = List.copyOf(warnings);
    }

    /** A step without {@code warn} conditions. */
    public HttpStep(String name, Optional<Duration> timeout, HttpRequestSpec request, List<Capture> captures,
            List<Condition> conditions, Optional<IntegritySpec> integrity) {
        this(name, timeout, request, captures, conditions, integrity, List.of());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public java.util.Map<String, UploadFile> uploadedFiles() {
        java.util.Map<String, UploadFile> files = new java.util.LinkedHashMap<>();
        if (request.body() instanceof Body.Multipart multipart) {
            multipart.files().forEach(part -> files.put(part.name(), part.file()));
        } else if (request.body() instanceof Body.Raw raw) {
            files.put(RAW_BODY, raw.file());
        }
        return files;
    }

    @Override
    public List<String> integritySteps() {
        return integrity.map(IntegritySpec::step).stream().toList();
    }

    @Override
    public List<String> capturedVariables() {
        return captures.stream().map(Capture::variable).toList();
    }
}
