package org.glassprobe.scenarios.result;

import java.util.Objects;

/**
 * What makes a run a confirmation run: the results API asked the probe to run the check now,
 * outside its schedule, because another region's run failed (or passed again) and the decision
 * waits for every region's word (docs/check-language.md, the outage section).
 *
 * @param round  the confirmation round's id, as the API gave it; the API counts the round's answers by it
 * @param reason {@code failure} (another region's run failed) or {@code recovery} (a failing region passed again)
 */
public record Confirmation(String round, String reason) {
    public static final String FAILURE = "failure";
    public static final String RECOVERY = "recovery";

    public Confirmation {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(reason, "reason");
    }
}
