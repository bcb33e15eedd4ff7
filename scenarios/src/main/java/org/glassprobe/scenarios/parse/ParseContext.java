package org.glassprobe.scenarios.parse;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.ConditionParser;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;

/**
 * The state of reading one check file, and typed readers that report what is wrong in the same
 * words everywhere. Each reader returns empty after recording a problem.
 */
public final class ParseContext {
    /** Largest file a check may upload. */
    public static final int MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

    private final Problems problems;
    private final FileResolver files;
    private final Map<String, Optional<String>> declared;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, Step> earlierSteps = new LinkedHashMap<>();

    ParseContext(Problems problems, FileResolver files, Map<String, Optional<String>> declared) {
        this.problems = problems;
        this.files = files;
        this.declared = declared;
        this.known.addAll(declared.keySet());
    }

    public Problems problems() {
        return problems;
    }

    /** The steps read so far, by name, in order. */
    public Map<String, Step> earlierSteps() {
        return java.util.Collections.unmodifiableMap(earlierSteps);
    }

    void stepRead(Step step) {
        earlierSteps.put(step.name(), step);
        known.addAll(step.capturedVariables());
    }

    /** Whether a variable was declared under {@code variables}. */
    public boolean isDeclared(String variable) {
        return declared.containsKey(variable);
    }

    /** Whether a variable is defined at this point (declared, or captured by an earlier step). */
    public boolean isKnown(String variable) {
        return known.contains(variable);
    }

    public Fields fields(YamlNode mapping, Collection<String> allowed) {
        return new Fields(mapping, allowed, problems);
    }

    /** A mapping, or a problem saying what was expected. */
    public Optional<Fields> mapping(YamlNode node, Collection<String> allowed, String example) {
        if (!node.isMapping()) {
            problems.at(node, "expected a mapping" + (example.isEmpty() ? "" : " such as " + example)
                    + ", found " + node.describe());
            return Optional.empty();
        }
        return Optional.of(fields(node, allowed));
    }

    /** A list, or a problem saying what was expected. */
    public Optional<List<YamlNode>> list(YamlNode node, String example) {
        if (!node.isSequence()) {
            problems.at(node, "expected a list" + (example.isEmpty() ? "" : " such as " + example)
                    + ", found " + node.describe());
            return Optional.empty();
        }
        return Optional.of(node.items());
    }

    /** Text (a plain scalar of any look, or a quoted one). */
    public Optional<String> text(YamlNode node) {
        if (!node.isScalar()) {
            problems.at(node, "expected text, found " + node.describe());
            return Optional.empty();
        }
        return Optional.of(node.text());
    }

    /** Non-empty text of at most {@code maxLength} characters, without control characters. */
    public Optional<String> name(YamlNode node, int maxLength, String what) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return text;
        }
        String value = text.get();
        if (value.isBlank() || value.length() > maxLength || !value.strip().equals(value)
                || value.chars().anyMatch(Character::isISOControl)) {
            problems.at(node, what + " must be 1 to " + maxLength + " characters without leading or trailing"
                    + " spaces or control characters, found " + node.describe());
            return Optional.empty();
        }
        return text;
    }

    /** Text with {@code ${variables}}, each of which must be defined at this point. */
    public Optional<Template> template(YamlNode node) {
        return text(node).flatMap(text -> template(node, text));
    }

    Optional<Template> template(YamlNode node, String text) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (Template.SyntaxException e) {
            problems.at(node, e.getMessage());
            return Optional.empty();
        }
        boolean ok = true;
        for (String variable : template.variables()) {
            if (!known.contains(variable)) {
                ok = false;
                String runValue = Template.RUN_VALUES.stream()
                        .filter(v -> v.substring(v.indexOf('.') + 1).equalsIgnoreCase(variable)).findFirst()
                        .orElse(null);
                problems.at(node, "variable \"" + variable + "\" is not defined"
                        + (runValue != null ? " (did you mean the run value ${" + runValue + "}?)"
                                : Suggestions.didYouMean(variable, known))
                        + "; known here: " + (known.isEmpty() ? "none" : String.join(", ", known))
                        + " (declare it under \"variables\", capture it in an earlier step, or use ${env.NAME})");
            }
        }
        return ok ? Optional.of(template) : Optional.empty();
    }

    /**
     * The template filled in with the declared defaults, when every variable in it has one;
     * used to validate what can be validated before a run.
     */
    public Optional<String> renderWithDefaults(Template template) {
        if (!template.parts().stream().allMatch(p -> p instanceof Template.Literal
                || (p instanceof Template.Variable v && declared.getOrDefault(v.name(), Optional.empty()).isPresent()))) {
            return Optional.empty();
        }
        return Optional.of(template.render(name -> declared.get(name).orElseThrow()));
    }

    /** A duration such as 500ms, 30s, 5m, 1h, within bounds. */
    public Optional<Duration> duration(YamlNode node, Duration min, Duration max) {
        if (!node.isScalar()) {
            problems.at(node, "expected a duration such as 30s, found " + node.describe());
            return Optional.empty();
        }
        String text = node.text();
        if (node.isNumber()) {
            problems.at(node, text + " has no unit; write it with one, e.g. " + text + "s or " + text + "ms");
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            problems.at(node, YamlNode.quote(text) + " is not a duration; write a number and a unit (ms, s, m, h, d),"
                    + " e.g. 500ms, 30s, 5m, 1h30m");
            return Optional.empty();
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            problems.at(node, text + " is out of range; allowed: " + Durations.format(min) + " to "
                    + Durations.format(max));
            return Optional.empty();
        }
        return d;
    }

    /** A whole number within bounds. */
    public OptionalInt integer(YamlNode node, int min, int max) {
        if (!node.isInteger() || node.isQuoted()) {
            problems.at(node, "expected a whole number from " + min + " to " + max + ", found " + node.describe());
            return OptionalInt.empty();
        }
        long value;
        try {
            value = Long.parseLong(node.text().replace("_", ""));
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            problems.at(node, node.text() + " is out of range; allowed: " + min + " to " + max);
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) value);
    }

    /** true or false. */
    public Optional<Boolean> bool(YamlNode node) {
        if (!node.isBoolean() || node.isQuoted()) {
            problems.at(node, "expected true or false, found " + node.describe());
            return Optional.empty();
        }
        String t = node.text().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
    }

    /** One of a fixed set of words. */
    public Optional<String> choice(YamlNode node, Collection<String> allowed, String what) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return text;
        }
        if (!allowed.contains(text.get())) {
            problems.at(node, YamlNode.quote(text.get()) + " is not " + what
                    + Suggestions.didYouMean(text.get(), allowed) + "; allowed: " + String.join(", ", allowed));
            return Optional.empty();
        }
        return text;
    }

    /** A list of conditions, each checked for syntax and for the placeholders allowed here. */
    public List<Condition> conditions(YamlNode node, Set<Placeholder.Kind> allowed) {
        List<Condition> conditions = new ArrayList<>();
        for (YamlNode item : list(node, "[\"[STATUS] == 200\"]").orElse(List.of())) {
            Optional<String> text = text(item);
            if (text.isEmpty()) {
                continue;
            }
            try {
                Condition c = ConditionParser.parse(text.get(), allowed);
                if (template(item, c.right().source()).isPresent()) {
                    conditions.add(c);
                }
            } catch (ConditionParser.ConditionSyntaxException e) {
                problems.at(item, e.getMessage());
            }
        }
        return conditions;
    }

    /** A file next to the check (or in its bundle), read now, with its content type. */
    public Optional<UploadFile> file(YamlNode node, Optional<String> contentType) {
        Optional<String> text = text(node);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String written = text.get();
        Path path = Path.of(written).normalize();
        if (written.isBlank() || path.isAbsolute() || path.startsWith("..")) {
            problems.at(node, YamlNode.quote(written) + " must be a path relative to the check file, inside its"
                    + " folder, so that the check can travel with its files (e.g. images/logo.png)");
            return Optional.empty();
        }
        String relative = path.toString().replace('\\', '/');
        byte[] bytes;
        try {
            bytes = files.read(relative);
        } catch (NoSuchFileException e) {
            problems.at(node, "file " + YamlNode.quote(written) + " not found (looked in " + files.describe(relative)
                    + "); paths are relative to the check file");
            return Optional.empty();
        } catch (IOException e) {
            problems.at(node, "file " + YamlNode.quote(written) + " cannot be read (" + files.describe(relative) + "): "
                    + e.getMessage());
            return Optional.empty();
        }
        if (bytes.length > MAX_UPLOAD_BYTES) {
            problems.at(node, "file " + YamlNode.quote(written) + " is " + bytes.length + " bytes; the limit is "
                    + MAX_UPLOAD_BYTES + " bytes (10 MiB)");
            return Optional.empty();
        }
        return Optional.of(new UploadFile(relative, bytes, contentType.orElseGet(() -> MediaTypes.guess(relative)),
                MediaTypes.sha256(bytes)));
    }

    /**
     * Bytes written inline as base64 (line breaks and spaces allowed), with their content type
     * (application/octet-stream unless given). Named after where they are written, for messages.
     */
    public Optional<UploadFile> base64(YamlNode node, Optional<String> contentType) {
        if (!node.isScalar()) {
            problems.at(node, "expected base64 text, found " + node.describe());
            return Optional.empty();
        }
        String compact = node.text().replaceAll("\\s+", "");
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            problems.at(node, "not valid base64 (" + e.getMessage() + "); write the bytes in standard base64"
                    + " (A-Z, a-z, 0-9, +, /, padded with =), e.g. the output of base64 -w0 FILE");
            return Optional.empty();
        }
        if (bytes.length == 0) {
            problems.at(node, "the base64 body is empty; write the bytes to send, or leave the body out");
            return Optional.empty();
        }
        if (bytes.length > MAX_UPLOAD_BYTES) {
            problems.at(node, "the base64 body is " + bytes.length + " bytes; the limit is " + MAX_UPLOAD_BYTES
                    + " bytes (10 MiB)");
            return Optional.empty();
        }
        return Optional.of(new UploadFile("base64 at line " + node.line(), bytes,
                contentType.orElse("application/octet-stream"), MediaTypes.sha256(bytes)));
    }
}
