package org.glassprobe.probe.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.glassprobe.probe.spool.SpoolStats;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.probe.sync.ApiException;
import org.glassprobe.scenarios.result.ResultJson;
import org.glassprobe.scenarios.result.Timestamps;
import org.glassprobe.scheduler.SchedulerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the results API this probe is alive, and how it is doing. */
final class Heartbeats {
    private static final Logger logger = LoggerFactory.getLogger(Heartbeats.class);

    private final ApiClient api;
    private final Clock clock;
    private final Instant startedAt;
    private final Supplier<SpoolStats> spool;
    private final Supplier<SchedulerStats> scheduler;
    private final Supplier<String> lastError;
    private final int maxErrorChars;
    private final ObjectMapper json = ResultJson.newMapper();
    private volatile boolean failing;

    Heartbeats(ApiClient api, Clock clock, Instant startedAt, Supplier<SpoolStats> spool,
            Supplier<SchedulerStats> scheduler, Supplier<String> lastError, int maxErrorChars) {
        this.api = api;
        this.clock = clock;
        this.startedAt = startedAt;
        this.spool = spool;
        this.scheduler = scheduler;
        this.lastError = lastError;
        this.maxErrorChars = maxErrorChars;
    }

    /** Sends one heartbeat; returns the checks' ETag the API has now, or null when it did not answer. */
    String beat() {
        SchedulerStats s = scheduler.get();
        ObjectNode body = json.createObjectNode()
                .put("version", AgentVersion.get())
                .put("startedAt", Timestamps.format(startedAt))
                .put("spoolDepth", spool.get().pending())
                .put("checksRunning", s.running())
                .put("clock", Timestamps.format(clock.instant()))
                .put("latenessP50Ms", s.latenessP50().toNanos() / 1e6)
                .put("latenessP99Ms", s.latenessP99().toNanos() / 1e6)
                .put("missedRuns", s.missed());
        String error = lastError.get();
        if (error != null) {
            body.put("lastError", error.length() > maxErrorChars ? error.substring(0, maxErrorChars) + "…" : error);
        }
        try {
            ApiClient.HeartbeatAnswer answer = api.heartbeat(body);
            if (failing) {
                logger.atInfo().log("heartbeats reach the results API again");
                failing = false;
            }
            return answer.checksEtag();
        } catch (ApiException e) {
            if (!failing) {
                logger.atWarn().addKeyValue("reason", e.getMessage())
                        .log("heartbeat not delivered; the API will mark this probe late, then down");
            }
            failing = true;
            return null;
        }
    }
}
