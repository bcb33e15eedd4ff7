package org.glassprobe.api.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.checks.CheckFile;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.query.StoredResult;
import org.glassprobe.api.rollup.Sample;
import org.glassprobe.scenarios.model.MediaTypes;

/** The records the store contracts store, built as the API builds them: results, checks, probes. */
final class StoreFixtures {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** Probes as their tokens identify them; the store keeps the region the token says. */
    static final Caller.ProbeCaller EU = new Caller.ProbeCaller(1, "eu-1", "eu-west");
    static final Caller.ProbeCaller EU2 = new Caller.ProbeCaller(3, "eu-2", "eu-west");
    static final Caller.ProbeCaller US = new Caller.ProbeCaller(2, "us-1", "us-east");
    static final String STATUS_503 = "status 503, expected 200";

    private StoreFixtures() {}

    static ResultRow passed(String check, Instant startedAt, double durationMs) {
        return result(check, startedAt, true, durationMs, null, null, false);
    }

    static ResultRow failed(String check, Instant startedAt) {
        return result(check, startedAt, false, 30, "status", STATUS_503, false);
    }

    /**
     * One run as {@code IngestService} turns it into a row: the sample's region is left empty (the
     * store takes the probe's), the phases add up to less than the total.
     */
    static ResultRow result(String check, Instant startedAt, boolean ok, double durationMs, String errorKind,
            String errorMessage, boolean inMaintenance) {
        UUID id = UUID.randomUUID();
        double[] latencies = {durationMs, 1, 2, 3, durationMs / 2, 4};
        String body = "{\"id\":\"" + id + "\",\"check\":\"" + check + "\",\"startedAt\":\"" + startedAt
                + "\",\"ok\":" + ok + "}";
        return new ResultRow(id, 1, errorMessage, body, new Sample(check, "", startedAt.toEpochMilli(), ok, latencies,
                errorKind), inMaintenance);
    }

    /** The cursor that continues after a page of results: its last one's start and seq. */
    static long[] cursor(List<StoredResult> page) {
        StoredResult last = page.get(page.size() - 1);
        return new long[] {last.startedAt().toEpochMilli(), last.seq()};
    }

    /** A check every 30 s as pushed at {@code at}: its version is the hash of its text and files. */
    static StoredCheck check(String name, List<String> regions, String text, List<CheckFile> files, Instant at) {
        StringBuilder all = new StringBuilder(text);
        files.forEach(f -> all.append('\0').append(f.path()).append('\0').append(f.sha256()));
        return new StoredCheck(name, "http", Duration.ofSeconds(30), Duration.ofSeconds(5), 0, regions,
                name + ".yaml", text, MediaTypes.sha256(all.toString().getBytes(StandardCharsets.UTF_8)), at, at, files,
                java.util.Map.of(), null);
    }

    static StoredCheck check(String name) {
        return check(name, List.of(), "name: " + name + "\nkind: http\ninterval: 30s\n", List.of(), T0);
    }

    static CheckFile file(String path, byte[] bytes) {
        return new CheckFile(path, bytes.length, MediaTypes.sha256(bytes), bytes);
    }
}
