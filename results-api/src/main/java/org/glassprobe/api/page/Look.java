package org.glassprobe.api.page;

import java.util.Locale;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.outage.CheckStates.State;

/**
 * How the page shows a state: a word, an icon whose shape differs for each state (so that the state
 * never rests on colour alone), a CSS class for its colour, and the colour of its badge.
 *
 * @param key    the state's name in CSS ({@code state-KEY}); {@link #wireName()} in {@code /status.json}
 * @param word   the state in words
 * @param icon   the id of its icon in the page's sprite
 * @param badge  its colour on a badge (shields.io's palette)
 * @param rank   how bad it is, for the page's headline: the highest wins
 */
public record Look(String key, String word, String icon, String badge, int rank) {
    private static final Look OPERATIONAL = new Look("operational", "Operational", "i-ok", "#4c1", 0);
    private static final Look MAINTENANCE = new Look("maintenance", "Maintenance", "i-maintenance", "#007ec6", 1);
    private static final Look UNKNOWN = new Look("unknown", "Unknown", "i-unknown", "#9f9f9f", 2);
    private static final Look DEGRADED = new Look("degraded", "Degraded", "i-degraded", "#dfb317", 3);
    private static final Look REGIONAL = new Look("regional-failure", "Regional failure", "i-regional", "#fe7d37", 4);
    private static final Look OUTAGE = new Look("outage", "Outage", "i-outage", "#e05d44", 5);

    /**
     * The state's name in {@code /status.json}: as webhooks, {@code /api/v1/outages} and
     * {@code /metrics} write it ({@code regional_failure}), one format across every answer.
     */
    public String wireName() {
        return key.replace('-', '_');
    }

    public static Look of(State state) {
        return switch (state) {
            case OPERATIONAL -> OPERATIONAL;
            case DEGRADED -> DEGRADED;
            case REGIONAL_FAILURE -> REGIONAL;
            case OUTAGE -> OUTAGE;
            case MAINTENANCE -> MAINTENANCE;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** A probe's liveness: up like operational, late like a warning, down like an outage, new like unknown. */
    public static Look of(ProbeStatus status) {
        String word = status.wireName();
        return switch (status) {
            case UP -> new Look("up", "Up", "i-ok", OPERATIONAL.badge, 0);
            case LATE -> new Look("late", "Late", "i-regional", REGIONAL.badge, 4);
            case DOWN -> new Look("down", "Down", "i-outage", OUTAGE.badge, 5);
            case NEW -> new Look(word, "New (never heard from)", "i-unknown", UNKNOWN.badge, 2);
        };
    }

    /** The CSS class that colours it. */
    public String css() {
        return "state-" + key.toLowerCase(Locale.ROOT);
    }
}
