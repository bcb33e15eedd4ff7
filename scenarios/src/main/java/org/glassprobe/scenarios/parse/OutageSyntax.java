package org.glassprobe.scenarios.parse;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.OutagePolicy;

/**
 * The {@code outage} section of a check: how the results API decides about it (documented in
 * docs/check-language.md, its outage section, and docs/api.md, Outages).
 *
 * <pre>
 * outage:
 *   quorum: 2            # majority (default), a number of regions, or a share such as 60%
 *   failures: 3          # a region fails after 3 failed runs ...
 *   within: 5m           # ... within 5 minutes (default: its latest run failed)
 *   recovery: 2          # passed runs in a row that make a failing region pass again (default 2)
 *   min-regions: 2       # regions that must vote before anything is decided (default 1)
 *   min-open: 30s        # an outage or regional failure stays open at least this (default 3 intervals, at most 2m)
 *   reopen-within: 2m    # trouble back within this of clearing is the same incident, flapping;
 *                        # a flapping incident ends after this long clear (default 10 intervals)
 *   confirm: true        # a region's failure or first pass asks the other regions to run now (default true)
 *   degraded:            # latency against the region's own history; false: never judged
 *     baseline: p50      # p50 (default) or p95 of the history
 *     factor: 2          # slower than the baseline times this (default 2) ...
 *     floor: 100ms       # ... and by at least this (default 100ms)
 *     runs: 3            # for this many passed runs in a row (default 3); as many normal ones end it
 * </pre>
 */
final class OutageSyntax {
    static final List<String> KEYS = List.of("quorum", "failures", "within", "recovery", "min-regions", "min-open",
            "reopen-within", "confirm", "degraded");
    static final List<String> DEGRADED_KEYS = List.of("baseline", "factor", "floor", "runs");
    static final int MAX_QUORUM = 32;
    static final int MAX_RUNS = 100;
    static final Duration MAX_WITHIN = Duration.ofHours(24);
    static final Duration MAX_HOLD = Duration.ofHours(24);
    static final Duration MAX_FLOOR = Duration.ofMinutes(10);
    static final double MAX_FACTOR = 100;
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})%");

    private OutageSyntax() {}

    /**
     * Reads the section; problems are recorded in the context and the defaults stand in for what
     * is wrong.
     *
     * @param regions  the regions the check runs in (empty: every region)
     * @param interval how often the check runs
     */
    static OutagePolicy read(YamlNode node, List<String> regions, Duration interval, ParseContext reader) {
        Optional<Fields> section = reader.mapping(node, KEYS, "{quorum: 2, recovery: 2}");
        if (section.isEmpty()) {
            return OutagePolicy.DEFAULT;
        }
        Fields fields = section.get();
        Problems problems = reader.problems();
        OutagePolicy.Quorum quorum = Optional.ofNullable(fields.get("quorum"))
                .flatMap(n -> quorum(n, regions, reader)).orElse(OutagePolicy.Quorum.MAJORITY);
        YamlNode failuresNode = fields.get("failures");
        YamlNode withinNode = fields.get("within");
        int failures = failuresNode == null ? 1 : orDefault(reader.integer(failuresNode, 1, MAX_RUNS), 1);
        Duration within = withinNode == null ? null
                : reader.duration(withinNode, Duration.ofSeconds(1), MAX_WITHIN).orElse(null);
        if (failuresNode != null && failures > 1 && withinNode == null) {
            problems.at(failuresNode, failures + " failures need a window: add within, e.g. within: "
                    + Durations.format(interval.multipliedBy(failures)));
            failures = 1;
        } else if (withinNode != null && failures <= 1) {
            problems.at(withinNode, "within is the window of failures; give failures: N (2 or more) with it, or"
                    + " leave both out to count the latest run alone");
            within = null;
        } else if (within != null && within.compareTo(interval.multipliedBy(failures - 1L)) < 0) {
            problems.at(withinNode, failures + " runs cannot fail within " + Durations.format(within)
                    + " when the check runs every " + Durations.format(interval) + "; make within at least "
                    + Durations.format(interval.multipliedBy(failures - 1L)));
            within = null;
            failures = 1;
        }
        if (failures <= 1) {
            failures = 1;
            within = null;
        }
        int recovery = Optional.ofNullable(fields.get("recovery"))
                .map(n -> orDefault(reader.integer(n, 1, MAX_RUNS), OutagePolicy.DEFAULT_RECOVERY))
                .orElse(OutagePolicy.DEFAULT_RECOVERY);
        OutagePolicy.Degraded degraded = Optional.ofNullable(fields.get("degraded"))
                .map(n -> degraded(n, reader)).orElse(OutagePolicy.Degraded.DEFAULT);
        int minRegions = Optional.ofNullable(fields.get("min-regions")).map(n -> minRegions(n, regions, reader))
                .orElse(1);
        Duration minOpen = Optional.ofNullable(fields.get("min-open"))
                .flatMap(n -> reader.duration(n, Duration.ZERO, MAX_HOLD)).orElse(null);
        Duration reopenWithin = Optional.ofNullable(fields.get("reopen-within"))
                .flatMap(n -> reader.duration(n, Duration.ZERO, MAX_HOLD)).orElse(null);
        boolean confirm = Optional.ofNullable(fields.get("confirm")).flatMap(reader::bool).orElse(true);
        return new OutagePolicy(quorum, failures, within, recovery, degraded, minRegions, minOpen, reopenWithin,
                confirm);
    }

    private static int minRegions(YamlNode node, List<String> regions, ParseContext reader) {
        OptionalInt n = reader.integer(node, 1, MAX_QUORUM);
        if (n.isEmpty()) {
            return 1;
        }
        if (!regions.isEmpty() && n.getAsInt() > regions.size()) {
            reader.problems().at(node, n.getAsInt() + " regions could never vote: the check runs in " + regions.size()
                    + " (" + String.join(", ", regions) + ")");
            return 1;
        }
        return n.getAsInt();
    }

    private static Optional<OutagePolicy.Quorum> quorum(YamlNode node, List<String> regions, ParseContext reader) {
        if (node.isInteger() && !node.isQuoted()) {
            OptionalInt count = reader.integer(node, 1, MAX_QUORUM);
            if (count.isEmpty()) {
                return Optional.empty();
            }
            if (!regions.isEmpty() && count.getAsInt() > regions.size()) {
                reader.problems().at(node, "a quorum of " + count.getAsInt() + " regions could never be met: the"
                        + " check runs in " + regions.size() + " (" + String.join(", ", regions) + ")");
                return Optional.empty();
            }
            return Optional.of(new OutagePolicy.Quorum(count.getAsInt(), 0));
        }
        String text = node.isScalar() ? node.text() : "";
        if (node.isScalar() && text.equals("majority")) {
            return Optional.of(OutagePolicy.Quorum.MAJORITY);
        }
        Matcher m = PERCENT.matcher(text);
        if (node.isScalar() && m.matches()) {
            int percent = Integer.parseInt(m.group(1));
            if (percent < 1 || percent > 100) {
                reader.problems().at(node, text + " is out of range; a share of the voting regions is 1% to 100%");
                return Optional.empty();
            }
            return Optional.of(new OutagePolicy.Quorum(0, percent));
        }
        reader.problems().at(node, node.describe() + " is not a quorum; write majority, a number of regions (e.g. 2)"
                + " or a share of the voting regions (e.g. 60%)");
        return Optional.empty();
    }

    private static OutagePolicy.Degraded degraded(YamlNode node, ParseContext reader) {
        if (node.isBoolean() && !node.isQuoted()) {
            return reader.bool(node).orElse(true) ? OutagePolicy.Degraded.DEFAULT : OutagePolicy.Degraded.OFF;
        }
        Optional<Fields> section = reader.mapping(node, DEGRADED_KEYS, "{factor: 2, floor: 100ms} (or false)");
        if (section.isEmpty()) {
            return OutagePolicy.Degraded.DEFAULT;
        }
        Fields fields = section.get();
        OutagePolicy.Degraded d = OutagePolicy.Degraded.DEFAULT;
        int percentile = Optional.ofNullable(fields.get("baseline"))
                .flatMap(n -> reader.choice(n, List.of("p50", "p95"), "a baseline"))
                .map(p -> Integer.parseInt(p.substring(1))).orElse(d.percentile());
        double factor = Optional.ofNullable(fields.get("factor")).flatMap(n -> factor(n, reader)).orElse(d.factor());
        Duration floor = Optional.ofNullable(fields.get("floor"))
                .flatMap(n -> reader.duration(n, Duration.ZERO, MAX_FLOOR)).orElse(d.floor());
        int runs = Optional.ofNullable(fields.get("runs"))
                .map(n -> orDefault(reader.integer(n, 1, MAX_RUNS), d.runs())).orElse(d.runs());
        return new OutagePolicy.Degraded(true, percentile, factor, floor, runs);
    }

    private static Optional<Double> factor(YamlNode node, ParseContext reader) {
        if (!node.isNumber() || node.isQuoted()) {
            reader.problems().at(node, "expected a number such as 2 or 1.5, found " + node.describe());
            return Optional.empty();
        }
        double value;
        try {
            value = Double.parseDouble(node.text().replace("_", ""));
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 1) || value > MAX_FACTOR) {
            reader.problems().at(node, node.text() + " is out of range; a factor is more than 1 and at most "
                    + (int) MAX_FACTOR);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static int orDefault(OptionalInt value, int otherwise) {
        return value.isPresent() ? value.getAsInt() : otherwise;
    }
}
