package org.glassprobe.api.confirm;

import java.time.Instant;

/**
 * What a probe is told to do at once, on its command channel: run a check now (a confirmation run),
 * once, and not after the deadline.
 */
public record Command(String id, String probe, String type, String check, String reason, Instant deadline,
        Round.Trigger trigger) {
    public static final String CONFIRM = "confirm";
}
