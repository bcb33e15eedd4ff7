package org.glassprobe.probe.agent;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the agent runs, as its deployment sets it (flags over the config file; {@code AgentCommand} has
 * the defaults). What every probe runs with is in {@link ProbeSettings}.
 *
 * @param api               the results API's URL, or several separated by commas (tried in order)
 * @param dataDir           where the identity, the spool, the kept checks and artifacts live
 * @param variables         values for variables the checks declare (e.g. {@code target})
 * @param pullEvery         how often to ask the API for changed checks
 * @param heartbeatEvery    how often to tell the API the probe is alive
 * @param listen            address of the local /metrics and /healthz server; null for none
 * @param workers           bound on checks running at once
 * @param spoolMaxBytes     bound on the spool on disk
 * @param shutdownGrace     how long to try delivering the spool at shutdown
 * @param maxConfirmationsPerMinute the most confirmation runs the probe starts in any minute (0: none)
 */
public record AgentSettings(String api, Path dataDir, Map<String, String> variables, Duration pullEvery,
        Duration heartbeatEvery, InetSocketAddress listen, int workers, long spoolMaxBytes, Duration shutdownGrace,
        int maxConfirmationsPerMinute) {

    public AgentSettings {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(dataDir, "dataDir");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(pullEvery, "pullEvery");
        Objects.requireNonNull(heartbeatEvery, "heartbeatEvery");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }
}
