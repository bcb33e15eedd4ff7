package org.glassprobe.scenarios.result;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which value a declared variable had in a run, and where it came from, so that a result says what
 * it ran against. The value of a variable whose name says it is a secret (token, password, key,
 * secret, auth, credential, cookie) is not recorded: it is {@link #HIDDEN}.
 *
 * @param value the value, or {@link #HIDDEN}
 * @param from  {@code check} (the check's own value), {@code command-line} ({@code run --var}) or
 *              {@code probe} (the probe's {@code --var}, for a variable the check asks it for)
 */
public record VariableValue(String value, String from) {
    public static final String HIDDEN = "(hidden)";
    public static final String CHECK = "check";
    public static final String COMMAND_LINE = "command-line";
    public static final String PROBE = "probe";
    private static final Pattern SECRET = Pattern.compile(".*(token|secret|passw|pwd|key|auth|credential|cookie).*");

    public VariableValue {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(from, "from");
    }

    /** How {@code run} and the check's page show it: {@code target = http://… (probe)}. */
    public String describe(String name) {
        return name + " = " + value + " (" + from + ")";
    }

    /** The value as a result records it: hidden for a variable named like a secret. */
    public static VariableValue recorded(String name, String value, String from) {
        return new VariableValue(SECRET.matcher(name.toLowerCase(Locale.ROOT)).matches() ? HIDDEN : value, from);
    }
}
