package org.glassprobe.probe.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.glassprobe.probe.agent.Agent;
import org.glassprobe.probe.agent.AgentSettings;
import org.glassprobe.probe.agent.ProbeIdentity;
import org.glassprobe.probe.agent.ProbeSettings;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.scenarios.config.InvalidConfigException;
import org.glassprobe.scenarios.model.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code agent}: runs the probe until it is stopped (SIGTERM, Ctrl-C). */
@Command(name = "agent",
        description = "Run the probe: pull the checks of its region, run them on schedule, deliver every result.",
        footer = {"", "Flags override the config file. Stop it with SIGTERM or Ctrl-C: running checks end at their"
                + " deadline and the spool is delivered if the API answers."})
final class AgentCommand implements Callable<Integer> {
    /** The flags' defaults, as their descriptions say. */
    private static final String DEFAULT_DATA = "probe-data";
    private static final String DEFAULT_PULL = "10s";
    private static final String DEFAULT_HEARTBEAT = "5s";
    private static final String DEFAULT_LISTEN = "127.0.0.1:9116";
    private static final int DEFAULT_WORKERS = 16;
    private static final long DEFAULT_SPOOL_MAX_BYTES = 256L * 1024 * 1024;
    private static final String DEFAULT_SHUTDOWN_GRACE = "10s";
    private static final int DEFAULT_MAX_CONFIRMATIONS_PER_MINUTE = 60;

    @ParentCommand
    private ProbeCli parent;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--api", paramLabel = "URL", split = ",",
            description = "The results API (default: the one enrolled with); several, comma-separated or repeated,"
                    + " are tried in order when one fails.")
    private List<String> api;

    @Option(names = "--data", paramLabel = "DIR", description = "The probe's data folder (default: probe-data).")
    private Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML config file (see docs/probe.md).")
    private Path config;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "A value for a variable checks declare, e.g. --var target=https://www.example.org")
    private Map<String, String> variables = new LinkedHashMap<>();

    @Option(names = "--pull-interval", paramLabel = "DURATION", description = "How often to pull checks (10s).")
    private String pullInterval;

    @Option(names = "--heartbeat-interval", paramLabel = "DURATION", description = "How often to heartbeat (5s).")
    private String heartbeatInterval;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Local /metrics and /healthz (127.0.0.1:9116; 'off' for none).")
    private String listen;

    @Option(names = "--workers", paramLabel = "N", description = "Checks running at once at most (16).")
    private Integer workers;

    @Option(names = "--spool-max-bytes", paramLabel = "BYTES", description = "Bound on the spool (268435456).")
    private Long spoolMaxBytes;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION",
            description = "How long to deliver the spool at shutdown (10s).")
    private String shutdownGrace;

    @Option(names = "--max-confirmations-per-minute", paramLabel = "N",
            description = "Confirmation runs the results API may start on this probe in any minute at most (60;"
                    + " 0 for none).")
    private Integer maxConfirmationsPerMinute;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        AgentSettings settings;
        ProbeIdentity identity;
        try {
            AgentConfigFile file = config == null ? AgentConfigFile.EMPTY : AgentConfigFile.read(config);
            Path dataDir = data != null ? data : Path.of(file.data() != null ? file.data() : DEFAULT_DATA);
            identity = ProbeIdentity.read(dataDir);
            settings = settings(file, dataDir, identity);
        } catch (IOException | IllegalArgumentException | InvalidConfigException e) {
            err.println("agent: " + e.getMessage());
            return ProbeCli.INVALID;
        }
        Agent agent;
        try {
            ProbeCli.Wiring wiring = parent.wiring();
            agent = Agent.start(settings, ProbeSettings.defaults(), identity, new Agent.Parts(wiring.language(),
                    wiring.executors(), wiring.clock()));
        } catch (IOException | RuntimeException e) {
            err.println("agent: cannot start: " + e.getMessage());
            return ProbeCli.FAILED;
        }
        runUntilStopped(agent);
        return 0;
    }

    /** Each setting: its flag, else the config file's key, else its default; a bad one names its flag. */
    private AgentSettings settings(AgentConfigFile file, Path dataDir, ProbeIdentity identity) {
        Map<String, String> vars = new LinkedHashMap<>(file.variables());
        vars.putAll(variables);
        String apiUrl = first(api == null ? null : String.join(",", api), file.api(), identity.api());
        ApiClient.urlsProblem(apiUrl).ifPresent(problem -> {
            throw new IllegalArgumentException((api != null ? "--api" : "api") + " \"" + apiUrl + "\" " + problem);
        });
        return new AgentSettings(apiUrl, dataDir, vars,
                duration("--pull-interval", first(pullInterval, file.pullInterval(), DEFAULT_PULL)),
                duration("--heartbeat-interval", first(heartbeatInterval, file.heartbeatInterval(), DEFAULT_HEARTBEAT)),
                address(first(listen, file.listen(), DEFAULT_LISTEN)),
                range("--workers", first(workers, file.workers(), DEFAULT_WORKERS), AgentConfigFile.MIN_WORKERS,
                        AgentConfigFile.MAX_WORKERS),
                range("--spool-max-bytes", first(spoolMaxBytes, file.spoolMaxBytes(), DEFAULT_SPOOL_MAX_BYTES),
                        AgentConfigFile.MIN_SPOOL_BYTES, AgentConfigFile.MAX_SPOOL_BYTES),
                duration("--shutdown-grace", first(shutdownGrace, file.shutdownGrace(), DEFAULT_SHUTDOWN_GRACE)),
                range("--max-confirmations-per-minute", first(maxConfirmationsPerMinute,
                        file.maxConfirmationsPerMinute(), DEFAULT_MAX_CONFIRMATIONS_PER_MINUTE),
                        AgentConfigFile.MIN_CONFIRMATIONS_PER_MINUTE, AgentConfigFile.MAX_CONFIRMATIONS_PER_MINUTE));
    }

    /** Until SIGTERM or Ctrl-C, which close the agent gracefully. */
    private static void runUntilStopped(Agent agent) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "glassprobe-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The rules are the config file's ({@link AgentConfigFile}); a flag's message names the flag. */
    private static Duration duration(String what, String text) {
        AgentConfigFile.durationProblem(text).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " \"" + text + "\" " + problem);
        });
        return Durations.parse(text).orElseThrow();
    }

    private static <T extends Number> T range(String what, T value, long min, long max) {
        AgentConfigFile.rangeProblem(value.longValue(), min, max).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " " + value + " " + problem);
        });
        return value;
    }

    private static InetSocketAddress address(String text) {
        AgentConfigFile.addressProblem(text).ifPresent(problem -> {
            throw new IllegalArgumentException("--listen \"" + text + "\" " + problem);
        });
        return AgentConfigFile.address(text);
    }
}
