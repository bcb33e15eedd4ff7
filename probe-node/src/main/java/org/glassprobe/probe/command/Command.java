package org.glassprobe.probe.command;

import java.time.Instant;
import java.util.Objects;

/**
 * A command the results API sent on the command channel (docs/api.md, Commands): run {@code check}
 * once now, as a confirmation run, and not after {@code deadline}. The only type there is, so far, is
 * {@code confirm}; the client leaves out the types it does not know.
 *
 * @param id       the command's id, also the confirmation round's: the result carries it
 * @param check    the check to run
 * @param reason   {@code failure} or {@code recovery}, as the API says it (carried to the result unchanged)
 * @param deadline no run starts after it
 * @param trigger  the run that made the API ask, for the logs
 */
public record Command(String id, String check, String reason, Instant deadline, Trigger trigger) {
    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** The run that made the API ask, as it says it; a field it left out is empty. */
    public record Trigger(String probe, String region, String result, String startedAt) {}

    /**
     * One answer of the channel.
     *
     * @param commands   the pending commands of a type this probe knows
     * @param checksEtag the ETag of the probe's checks on the API now, or null when the answer has none
     */
    public record Answer(java.util.List<Command> commands, String checksEtag) {
        public Answer {
            commands = java.util.List.copyOf(commands);
        }
    }
}
