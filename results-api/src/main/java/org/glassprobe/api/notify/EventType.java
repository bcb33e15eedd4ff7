package org.glassprobe.api.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What subscribers can hear about, by the name they subscribe with. */
public enum EventType {
    OUTAGE_OPENED("outage.opened"),
    OUTAGE_RESOLVED("outage.resolved"),
    REGIONAL_FAILURE("regional.failure"),
    REGIONAL_RECOVERED("regional.recovered"),
    CHECK_DEGRADED("check.degraded"),
    CHECK_RECOVERED("check.recovered"),
    REGIONAL_DEGRADED("regional.degraded"),
    PROBE_DOWN("probe.down"),
    PROBE_UP("probe.up");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the event is about a check (a webhook's check filter applies) rather than a probe. */
    public boolean aboutCheck() {
        return this != PROBE_DOWN && this != PROBE_UP;
    }

    public static Optional<EventType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).toList();
    }
}
