package org.glassprobe.scenarios.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string from a check file with {@code ${name}}, {@code ${env.NAME}} and run-value references
 * ({@code ${run.id}}, {@code ${probe.region}}, ... see {@link #RUN_VALUES}) in it, split
 * once when the file is read so that a run only has to fill it in. {@code $${} stands for a literal
 * {@code ${}.
 */
public final class Template {
    /** A variable name: letters, digits and underscores, not starting with a digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final String ENV_PREFIX = "env.";
    /**
     * Values every run has, filled in by the probe that runs it: the run's id (the result's id,
     * unique per run, the same in its retries), its attempt number, when it started (ISO 8601 UTC
     * with milliseconds) and the same as epoch milliseconds, the probe's name and region, and a
     * fresh random UUID each time one is filled in.
     */
    public static final List<String> RUN_VALUES = List.of("run.id", "run.attempt", "run.started",
            "run.startedMillis", "probe.name", "probe.region", "random.uuid");

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /** A piece of a template: literal text, or a reference to fill in. */
    public sealed interface Part permits Literal, Variable, EnvVariable, RunValue {}

    public record Literal(String text) implements Part {}

    public record Variable(String name) implements Part {}

    public record EnvVariable(String name) implements Part {}

    /** One of {@link #RUN_VALUES}, by its full name. */
    public record RunValue(String name) implements Part {}

    /** Thrown by {@link #parse} for a reference that is not a valid name. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    public static Template literal(String text) {
        return new Template(text, text.isEmpty() ? List.of() : List.of(new Literal(text)));
    }

    public static Template parse(String source) throws SyntaxException {
        Objects.requireNonNull(source, "source");
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        Matcher m = REFERENCE.matcher(source);
        int at = 0;
        while (m.find()) {
            literal.append(source, at, m.start());
            at = m.end();
            if (m.group(1) == null) {
                literal.append("${");
                continue;
            }
            String ref = m.group(1).trim();
            Part part;
            if (ref.startsWith(ENV_PREFIX)) {
                String env = ref.substring(ENV_PREFIX.length());
                if (!NAME.matcher(env).matches()) {
                    throw new SyntaxException("\"${" + m.group(1) + "}\" is not a valid environment reference;"
                            + " write ${env.NAME} with NAME made of letters, digits and _");
                }
                part = new EnvVariable(env);
            } else if (ref.contains(".")) {
                if (!RUN_VALUES.contains(ref)) {
                    throw new SyntaxException("\"${" + m.group(1) + "}\" is not a value a run has; run values are "
                            + String.join(", ", RUN_VALUES.stream().map(v -> "${" + v + "}").toList())
                            + ", and ${env.NAME} reads the probe's environment");
                }
                part = new RunValue(ref);
            } else {
                if (!NAME.matcher(ref).matches()) {
                    throw new SyntaxException("\"${" + m.group(1) + "}\" is not a valid variable reference;"
                            + " a name is made of letters, digits and _ and does not start with a digit"
                            + " (write $${ for a literal ${)");
                }
                part = new Variable(ref);
            }
            if (!literal.isEmpty()) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            parts.add(part);
        }
        literal.append(source.substring(at));
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, parts);
    }

    public String source() {
        return source;
    }

    public List<Part> parts() {
        return parts;
    }

    /** The names of the (non-environment) variables this template refers to. */
    public List<String> variables() {
        return parts.stream().filter(Variable.class::isInstance).map(p -> ((Variable) p).name()).toList();
    }

    public boolean isConstant() {
        return parts.stream().allMatch(Literal.class::isInstance);
    }

    /**
     * Fills the template in. The resolver is asked for each reference; environment references
     * are asked as {@code env.NAME}, run values by their full name ({@code run.id}).
     */
    public String render(Function<String, String> resolver) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Variable v) {
                out.append(resolver.apply(v.name()));
            } else if (part instanceof EnvVariable e) {
                out.append(resolver.apply(ENV_PREFIX + e.name()));
            } else if (part instanceof RunValue r) {
                out.append(resolver.apply(r.name()));
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
