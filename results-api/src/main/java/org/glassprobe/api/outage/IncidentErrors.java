package org.glassprobe.api.outage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What kept an outage or a regional failure open: the error messages its regions' failed runs
 * ended with, the most frequent first with how many runs each ended, and the latest of them.
 *
 * @param mostFrequent at most {@link #SHOWN} messages, most runs first (the latest first on a tie)
 * @param last         the latest failed run's message, or null when no run failed
 * @param lastAt       when that run began, or null
 */
public record IncidentErrors(List<Count> mostFrequent, String last, Instant lastAt) {
    /** How many messages are kept. */
    public static final int SHOWN = 3;
    public static final IncidentErrors NONE = new IncidentErrors(List.of(), null, null);

    public IncidentErrors {
        mostFrequent = mostFrequent == null ? List.of() : List.copyOf(mostFrequent);
    }

    /** A message and how many failed runs ended with it. */
    public record Count(String message, int runs) {}

    /** Failed runs that ended with one message: how many, and when the latest of them began. */
    public record Seen(String message, int runs, Instant latestAt) {}

    /** The tally of what was seen (the same message seen in several regions counts once, summed). */
    public static IncidentErrors of(Collection<Seen> seen) {
        Map<String, Seen> byMessage = new LinkedHashMap<>();
        for (Seen s : seen) {
            byMessage.merge(s.message(), s, (a, b) -> new Seen(a.message(), a.runs() + b.runs(),
                    a.latestAt().isAfter(b.latestAt()) ? a.latestAt() : b.latestAt()));
        }
        if (byMessage.isEmpty()) {
            return NONE;
        }
        List<Seen> ranked = new ArrayList<>(byMessage.values());
        ranked.sort(Comparator.comparingInt(Seen::runs).reversed().thenComparing(Seen::latestAt,
                Comparator.reverseOrder()).thenComparing(Seen::message));
        Seen latest = byMessage.values().stream().max(Comparator.comparing(Seen::latestAt)).orElseThrow();
        return new IncidentErrors(ranked.stream().limit(SHOWN).map(s -> new Count(s.message(), s.runs())).toList(),
                latest.message(), latest.latestAt());
    }
}
