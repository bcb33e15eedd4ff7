package org.glassprobe.scenarios.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.result.ConditionResult;

/**
 * One condition in the syntax modelled on Gatus': {@code [STATUS] == 201},
 * {@code [RESPONSE_TIME] < 2000}, {@code [BODY].url != ""}, {@code [HEADER].content-type == image/png},
 * {@code len([BODY].items) > 0}, {@code has([BODY].id) == true}, {@code [BODY].state == any(ok, degraded)},
 * {@code [BODY] == pat(*welcome*)}. The right side may use {@code ${variables}}.
 */
public final class Condition {
    private static final int MAX_ACTUAL_CHARS = 200;

    private final String source;
    private final Placeholder left;
    private final Operator operator;
    private final Template right;
    private final boolean implicit;

    Condition(String source, Placeholder left, Operator operator, Template right, boolean implicit) {
        this.source = Objects.requireNonNull(source);
        this.left = Objects.requireNonNull(left);
        this.operator = Objects.requireNonNull(operator);
        this.right = Objects.requireNonNull(right);
        this.implicit = implicit;
    }

    /** A condition glassprobe adds when a step declared none about the same fact. */
    public static Condition implicit(String source) {
        try {
            Condition parsed = ConditionParser.parse(source);
            return new Condition(parsed.source, parsed.left, parsed.operator, parsed.right, true);
        } catch (ConditionParser.ConditionSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public String source() {
        return source;
    }

    public Placeholder left() {
        return left;
    }

    public Operator operator() {
        return operator;
    }

    public Template right() {
        return right;
    }

    public boolean isImplicit() {
        return implicit;
    }

    /** Evaluates the condition; variables in the right side are filled in by the resolver. */
    public ConditionResult evaluate(Facts facts, Function<String, String> variables) {
        String expected = unquote(right.render(variables).trim());
        Optional<String> raw = facts.value(left.kind(), left.argument());
        String actual;
        switch (left.function()) {
            case HAS -> actual = Boolean.toString(raw.isPresent());
            case LEN -> actual = raw.map(v -> Integer.toString(length(v))).orElse(null);
            default -> actual = raw.orElse(null);
        }
        boolean ok = actual != null && compare(actual, expected);
        return new ConditionResult(source, ok, actual == null ? null : truncate(actual), expected, implicit);
    }

    private boolean compare(String actual, String expected) {
        if (expected.startsWith("pat(") && expected.endsWith(")")) {
            boolean matches = glob(expected.substring(4, expected.length() - 1)).matcher(actual).matches();
            return operator == Operator.NE ? !matches : operator == Operator.EQ && matches;
        }
        if (expected.startsWith("any(") && expected.endsWith(")")) {
            boolean anyEqual = false;
            for (String option : splitArguments(expected.substring(4, expected.length() - 1))) {
                anyEqual |= equal(actual, unquote(option));
            }
            return operator == Operator.NE ? !anyEqual : operator == Operator.EQ && anyEqual;
        }
        if (operator.ordering()) {
            BigDecimal a = number(actual, false);
            BigDecimal b = number(expected, left.takesDurations());
            return a != null && b != null && operator.holds(a.compareTo(b));
        }
        boolean equal = equal(actual, expected);
        return operator == Operator.EQ ? equal : !equal;
    }

    private boolean equal(String actual, String expected) {
        BigDecimal a = number(actual, false);
        BigDecimal b = number(expected, left.takesDurations());
        if (a != null && b != null) {
            return a.compareTo(b) == 0;
        }
        return actual.equals(expected);
    }

    /** A number, or (when allowed) a duration such as 2s converted to milliseconds; null when neither. */
    static BigDecimal number(String text, boolean durations) {
        String t = text.trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException notANumber) {
            if (durations) {
                Optional<java.time.Duration> d = org.glassprobe.scenarios.model.Durations.parse(t);
                if (d.isPresent()) {
                    return BigDecimal.valueOf(d.get().toNanos()).movePointLeft(6);
                }
            }
            return null;
        }
    }

    private static int length(String value) {
        String v = value.trim();
        if (v.startsWith("[") || v.startsWith("{")) {
            try {
                var node = JsonPath.MAPPER.readTree(v);
                return node.size();
            } catch (java.io.IOException notJson) {
                return value.length();
            }
        }
        return value.length();
    }

    static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    static List<String> splitArguments(String inside) {
        List<String> parts = new ArrayList<>();
        for (String p : inside.split(",", -1)) {
            parts.add(p.trim());
        }
        return parts;
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String literal : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append("(?s).*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static String truncate(String value) {
        return value.length() <= MAX_ACTUAL_CHARS ? value : value.substring(0, MAX_ACTUAL_CHARS) + "…";
    }

    @Override
    public String toString() {
        return source;
    }
}
