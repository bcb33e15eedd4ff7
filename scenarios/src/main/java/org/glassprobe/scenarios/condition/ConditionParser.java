package org.glassprobe.scenarios.condition;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.glassprobe.scenarios.model.Template;

/** Reads the condition syntax; every error says what was expected and shows an example. */
public final class ConditionParser {
    private static final Pattern LEFT = Pattern.compile(
            "(?:(len|has)\\()?\\[([A-Z_]+)](?:\\.([^\\s)]+))?(\\))?");
    private static final Pattern OPERATOR = Pattern.compile(" (==|!=|<=|>=|<|>) ");
    private static final Set<Placeholder.Kind> ALL = Set.copyOf(Arrays.asList(Placeholder.Kind.values()));

    private ConditionParser() {}

    /** A condition that cannot be read, with a message that says how to write it. */
    public static final class ConditionSyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        ConditionSyntaxException(String message) {
            super(message);
        }
    }

    public static Condition parse(String source) throws ConditionSyntaxException {
        return parse(source, ALL);
    }

    /**
     * Reads a condition, allowing only the given placeholders (a TCP step has no body, for
     * example).
     */
    public static Condition parse(String source, Set<Placeholder.Kind> allowed) throws ConditionSyntaxException {
        String text = source.trim();
        Matcher op = OPERATOR.matcher(text);
        if (!op.find()) {
            throw new ConditionSyntaxException("\"" + source + "\" has no comparison; write LEFT OPERATOR RIGHT with a"
                    + " space around the operator (==, !=, <, <=, >, >=), e.g. [STATUS] == 200");
        }
        String leftText = text.substring(0, op.start()).trim();
        String rightText = text.substring(op.end()).trim();
        Operator operator = Arrays.stream(Operator.values())
                .filter(o -> o.symbol().equals(op.group(1)))
                .findFirst()
                .orElseThrow();
        Placeholder left = parseLeft(leftText, source, allowed);
        if (rightText.isEmpty()) {
            throw new ConditionSyntaxException("\"" + source + "\" has nothing right of " + operator.symbol()
                    + "; write the expected value (use \"\" for an empty text)");
        }
        Template right;
        try {
            right = Template.parse(rightText);
        } catch (Template.SyntaxException e) {
            throw new ConditionSyntaxException(e.getMessage());
        }
        checkRight(source, left, operator, right);
        return new Condition(source, left, operator, right, false);
    }

    private static Placeholder parseLeft(String leftText, String source, Set<Placeholder.Kind> allowed)
            throws ConditionSyntaxException {
        Matcher m = LEFT.matcher(leftText);
        if (!m.matches() || (m.group(1) == null) != (m.group(4) == null)) {
            throw new ConditionSyntaxException("\"" + leftText + "\" is not a placeholder; the left side is one of "
                    + names(allowed) + ", optionally as [BODY].json.path, [HEADER].name, len(...) or has(...)");
        }
        Placeholder.Kind kind;
        try {
            kind = Placeholder.Kind.valueOf(m.group(2));
        } catch (IllegalArgumentException unknown) {
            throw new ConditionSyntaxException("unknown placeholder [" + m.group(2) + "] in \"" + source
                    + "\"; allowed here: " + names(allowed));
        }
        if (!allowed.contains(kind)) {
            throw new ConditionSyntaxException("placeholder " + kind.token() + " is not available here; allowed: "
                    + names(allowed));
        }
        String argument = m.group(3) == null ? "" : m.group(3);
        if (kind == Placeholder.Kind.HEADER && argument.isEmpty()) {
            throw new ConditionSyntaxException("[HEADER] needs a header name, e.g. [HEADER].content-type");
        }
        if (!argument.isEmpty() && kind != Placeholder.Kind.HEADER && kind != Placeholder.Kind.BODY) {
            throw new ConditionSyntaxException(kind.token() + " takes no ." + argument
                    + "; only [BODY] (a JSON path) and [HEADER] (a header name) do");
        }
        if (kind == Placeholder.Kind.BODY && !argument.isEmpty()) {
            try {
                JsonPath.parse(argument);
            } catch (IllegalArgumentException e) {
                throw new ConditionSyntaxException(e.getMessage());
            }
        }
        Placeholder.Function function = m.group(1) == null
                ? Placeholder.Function.NONE
                : Placeholder.Function.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        return new Placeholder(kind, argument, function);
    }

    private static void checkRight(String source, Placeholder left, Operator operator, Template right)
            throws ConditionSyntaxException {
        String text = right.source();
        boolean function = text.startsWith("pat(") || text.startsWith("any(");
        if (function && !text.endsWith(")")) {
            throw new ConditionSyntaxException("\"" + text + "\" is missing its closing parenthesis");
        }
        if (function && operator.ordering()) {
            throw new ConditionSyntaxException("pat(...) and any(...) only work with == and !=, not "
                    + operator.symbol());
        }
        if (left.function() == Placeholder.Function.HAS && right.isConstant()
                && !(text.equals("true") || text.equals("false"))) {
            throw new ConditionSyntaxException("has(...) is true or false; compare it with true or false, found "
                    + text);
        }
        if (operator.ordering() && right.isConstant()
                && Condition.number(Condition.unquote(text), left.takesDurations()) == null) {
            String what = left.takesDurations() ? "a number of milliseconds or a duration such as 2s" : "a number";
            throw new ConditionSyntaxException(operator.symbol() + " compares numbers; in \"" + source
                    + "\" the right side must be " + what + ", found \"" + text + "\"");
        }
    }

    private static String names(Set<Placeholder.Kind> kinds) {
        return kinds.stream().sorted().map(Placeholder.Kind::token).collect(Collectors.joining(", "));
    }
}
