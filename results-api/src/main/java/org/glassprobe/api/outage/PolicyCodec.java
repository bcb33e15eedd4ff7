package org.glassprobe.api.outage;

import java.time.Duration;
import java.util.Locale;
import org.glassprobe.scenarios.model.OutagePolicy;

/**
 * A check's outage policy as the API stores it beside the check: one line of {@code key=value}
 * pairs (null for the defaults), so that a decision needs no parsing of the check file.
 */
public final class PolicyCodec {
    private PolicyCodec() {}

    /** The stored form; null when the policy is the default one. */
    public static String encode(OutagePolicy p) {
        if (p == null || p.equals(OutagePolicy.DEFAULT)) {
            return null;
        }
        OutagePolicy.Degraded d = p.degraded();
        return "quorum=" + p.quorum().describe() + ";failures=" + p.failures() + ";within="
                + (p.within() == null ? "" : p.within().toMillis()) + ";recovery=" + p.recovery() + ";degraded="
                + (d.enabled() ? "on" : "off") + ";percentile=" + d.percentile() + ";factor="
                + String.format(Locale.ROOT, "%s", d.factor()) + ";floor=" + d.floor().toMillis() + ";runs=" + d.runs()
                + ";min-regions=" + p.minRegions() + ";min-open=" + millis(p.minOpen()) + ";reopen-within="
                + millis(p.reopenWithin()) + ";confirm=" + (p.confirm() ? "on" : "off");
    }

    private static String millis(Duration d) {
        return d == null ? "" : Long.toString(d.toMillis());
    }

    private static Duration duration(String millis) {
        return millis == null || millis.isEmpty() ? null : Duration.ofMillis(Long.parseLong(millis));
    }

    /** The policy from its stored form (null: the defaults). */
    public static OutagePolicy decode(String text) {
        if (text == null || text.isBlank()) {
            return OutagePolicy.DEFAULT;
        }
        java.util.Map<String, String> v = new java.util.HashMap<>();
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            v.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String q = v.get("quorum");
        OutagePolicy.Quorum quorum = q.equals("majority") ? OutagePolicy.Quorum.MAJORITY
                : q.endsWith("%") ? new OutagePolicy.Quorum(0, Integer.parseInt(q.substring(0, q.length() - 1)))
                : new OutagePolicy.Quorum(Integer.parseInt(q), 0);
        String within = v.get("within");
        return new OutagePolicy(quorum, Integer.parseInt(v.get("failures")),
                within.isEmpty() ? null : Duration.ofMillis(Long.parseLong(within)),
                Integer.parseInt(v.get("recovery")),
                new OutagePolicy.Degraded(v.get("degraded").equals("on"), Integer.parseInt(v.get("percentile")),
                        Double.parseDouble(v.get("factor")), Duration.ofMillis(Long.parseLong(v.get("floor"))),
                        Integer.parseInt(v.get("runs"))),
                Integer.parseInt(v.getOrDefault("min-regions", "1")), // stored before min-regions existed: 1
                duration(v.get("min-open")), duration(v.get("reopen-within")), // stored before them: the defaults
                !"off".equals(v.get("confirm"))); // stored before confirmations: on
    }
}
