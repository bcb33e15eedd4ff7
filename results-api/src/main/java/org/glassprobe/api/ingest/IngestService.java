package org.glassprobe.api.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.metrics.ApiMetrics;
import org.glassprobe.api.rollup.Phase;
import org.glassprobe.api.rollup.Sample;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ErrorBody.ItemProblem;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes in a probe's batch of results: validates every item first (a batch with any bad item is
 * refused whole, naming each bad item), then stores the rest in one transaction, idempotently by id.
 */
public final class IngestService {
    private static final int MAX_PROBLEMS = 20;
    private static final int MAX_ERROR_MESSAGE = 2000;
    /** The longest time a result may report, in ms: a day. */
    static final double MAX_DURATION_MS = 86_400_000;

    private final Logger logger = LoggerFactory.getLogger(IngestService.class);
    private final IngestStore results;
    private final Supplier<List<StoredCheck>> checks;
    private final ObjectMapper json;
    private final Clock clock;
    private final ApiConfig.Ingest limits;
    private final Duration rawRetention;
    private final ApiMetrics metrics;
    private final java.util.function.Consumer<java.util.Set<String>> afterStored;
    private final java.util.function.BiPredicate<String, Instant> inMaintenance;

    /**
     * What ingestion needs besides its stores.
     *
     * @param afterStored told the names of the checks whose results were just stored (the outage
     *                    decisions are taken there, as results arrive); it must not throw
     * @param inMaintenance whether a check is inside a maintenance window at a time: such results
     *                    are kept but counted neither for uptime nor for latency
     */
    public record Options(ApiConfig.Ingest limits, Duration rawRetention, Clock clock,
            java.util.function.Consumer<java.util.Set<String>> afterStored,
            java.util.function.BiPredicate<String, Instant> inMaintenance) {}

    /** @param checks the check catalogue, described (each result is checked against its check) */
    public IngestService(IngestStore results, Supplier<List<StoredCheck>> checks, ObjectMapper json,
            ApiMetrics metrics, Options options) {
        this.results = results;
        this.checks = checks;
        this.json = json;
        this.metrics = metrics;
        this.clock = options.clock();
        this.limits = options.limits();
        this.rawRetention = options.rawRetention();
        this.afterStored = options.afterStored();
        this.inMaintenance = options.inMaintenance();
    }

    public ApiConfig.Ingest limits() {
        return limits;
    }

    /**
     * Validates and stores a batch posted by this probe.
     *
     * @throws ApiException 400 malformed JSON or wrong types, 403 a batch naming another probe, 413
     *                      too many or too large results, 422 a result for a check not assigned to
     *                      the probe or started too far in the future; nothing is stored then
     */
    public IngestCounts ingest(Caller.ProbeCaller probe, byte[] body) {
        try {
            IngestCounts counts = validateAndStore(probe, body);
            metrics.ingested(counts.stored(), counts.duplicates(), counts.expired());
            return counts;
        } catch (ApiException e) {
            metrics.rejectedBatch();
            logger.atWarn().addKeyValue("probe", probe.name()).addKeyValue("status", e.status())
                    .addKeyValue("reason", e.getMessage()).log("result batch rejected");
            throw e;
        }
    }

    private IngestCounts validateAndStore(Caller.ProbeCaller probe, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the batch is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ApiException.badRequest("the batch cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("results").isArray()) {
            throw ApiException.badRequest("a batch is a JSON object {\"results\": [ ... ]} whose items are results as"
                    + " 'glassprobe-probe run --json' prints them");
        }
        for (String field : new String[] {"probe", "region"}) {
            JsonNode claimed = root.get(field);
            String own = field.equals("probe") ? probe.name() : probe.region();
            if (claimed != null && !claimed.isNull() && !claimed.asText().equals(own)) {
                throw new ApiException(403, "the batch names " + field + " '" + claimed.asText() + "' but the token is"
                        + " probe '" + probe.name() + "' in region '" + probe.region() + "': a probe posts only as"
                        + " itself; nothing was stored");
            }
        }
        JsonNode items = root.get("results");
        if (items.size() > limits.maxBatchResults()) {
            throw new ApiException(413, "the batch has " + items.size() + " results; at most "
                    + limits.maxBatchResults() + " are accepted in one batch (ingest.max-batch-results); send the"
                    + " rest in further batches. Nothing was stored");
        }
        Map<String, StoredCheck> catalogue = checks.get().stream()
                .collect(Collectors.toMap(StoredCheck::name, c -> c, (a, b) -> a));
        Instant now = clock.instant();
        Instant latest = now.plus(limits.maxFutureSkew());
        Instant oldest = now.minus(rawRetention);
        List<ItemProblem> problems = new ArrayList<>();
        int status = 0;
        List<ResultRow> rows = new ArrayList<>();
        int expired = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String id = item.path("id").isTextual() ? item.get("id").asText() : null;
            String text;
            try {
                text = json.writeValueAsString(item);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parsed JSON tree cannot be written back", e);
            }
            if (!item.isObject()) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", "a result is a JSON object, found "
                        + item.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
                continue;
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > limits.maxResultBytes()) {
                status = worst(status, 413);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", "the result is "
                        + text.getBytes(StandardCharsets.UTF_8).length + " bytes; at most " + limits.maxResultBytes()
                        + " (ingest.max-result-bytes)"));
                continue;
            }
            JsonNode claimed = item.get("probe");
            if (claimed != null && !claimed.isNull() && !claimed.asText().equals(probe.name())) {
                status = worst(status, 403);
                problems.add(new ItemProblem(i, id, "results[" + i + "].probe", "names probe '" + claimed.asText()
                        + "' but the token is probe '" + probe.name() + "'s: a probe posts only as itself"));
                continue;
            }
            JsonNode region = item.get("region");
            if (region != null && !region.isNull() && !region.asText().equals(probe.region())) {
                status = worst(status, 403);
                problems.add(new ItemProblem(i, id, "results[" + i + "].region", "names region '" + region.asText()
                        + "' but probe '" + probe.name() + "' is enrolled in '" + probe.region() + "': a probe posts"
                        + " only from its own region"));
                continue;
            }
            CheckResult result;
            try {
                result = json.treeToValue(item, CheckResult.class);
            } catch (JsonProcessingException e) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]" + path(e), message(e)));
                continue;
            } catch (IllegalArgumentException e) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", e.getMessage()));
                continue;
            }
            Optional<ItemProblem> impossible = impossible(i, id, result);
            if (impossible.isPresent()) {
                status = worst(status, 400);
                problems.add(impossible.get());
                continue;
            }
            StoredCheck check = catalogue.get(result.check());
            if (check == null || !check.runsIn(probe.region())) {
                status = worst(status, 422);
                problems.add(new ItemProblem(i, id, "results[" + i + "].check", check == null
                        ? "no check named '" + result.check() + "' is known to the API"
                        : "check '" + result.check() + "' is not assigned to region '" + probe.region() + "' (it runs in "
                                + String.join(", ", check.regions()) + ")"));
                continue;
            }
            if (result.startedAt().isAfter(latest)) {
                status = worst(status, 422);
                problems.add(new ItemProblem(i, id, "results[" + i + "].startedAt", "started at "
                        + result.startedAt() + ", more than " + org.glassprobe.api.config.Values.format(
                                limits.maxFutureSkew()) + " after the API's clock (" + now + "): is the probe's clock"
                        + " wrong? (ingest.max-future-skew)"));
                continue;
            }
            if (result.startedAt().isBefore(oldest)) {
                expired++;
                continue;
            }
            rows.add(row(result, text, inMaintenance.test(result.check(), result.startedAt())));
        }
        if (!problems.isEmpty()) {
            String first = problems.get(0).path() + (problems.get(0).id() == null ? "" : " (id " + problems.get(0).id()
                    + ")") + ": " + problems.get(0).message();
            throw new ApiException(status, problems.size() + " of " + items.size() + " results cannot be taken, the"
                    + " first: " + first + ". Nothing from this batch was stored",
                    problems.subList(0, Math.min(MAX_PROBLEMS, problems.size())));
        }
        IngestCounts counts = rows.isEmpty() ? new IngestCounts(0, 0, 0) : results.ingest(probe, rows, now);
        if (counts.stored() > 0) {
            afterStored.accept(rows.stream().map(r -> r.sample().check())
                    .collect(Collectors.toCollection(java.util.TreeSet::new)));
        }
        if (expired > 0) {
            logger.atWarn().addKeyValue("probe", probe.name()).addKeyValue("expired", expired)
                    .log("results older than the raw retention were acknowledged and not stored");
        }
        return new IngestCounts(counts.stored(), counts.duplicates(), expired);
    }

    /**
     * A time no run can have taken: negative, not a number, or longer than {@link #MAX_DURATION_MS}
     * (a day; a check's deadline is far shorter). Such a value would poison every percentile it
     * falls into.
     */
    private static Optional<ItemProblem> impossible(int i, String id, CheckResult r) {
        String at = "results[" + i + "]";
        Optional<ItemProblem> p = duration(i, id, at + ".durationMs", r.durationMs());
        for (int s = 0; s < r.steps().size() && p.isEmpty(); s++) {
            StepResult step = r.steps().get(s);
            String stepAt = at + ".steps[" + s + "]";
            p = duration(i, id, stepAt + ".durationMs", step.durationMs());
            Phases ph = step.phases() == null ? Phases.NONE : step.phases();
            double[] values = {ph.resolve(), ph.connect(), ph.tls(), ph.processing(), ph.transfer()};
            String[] names = {"resolve", "connect", "tls", "processing", "transfer"};
            for (int k = 0; k < values.length && p.isEmpty(); k++) {
                p = duration(i, id, stepAt + ".phases." + names[k], values[k]);
            }
        }
        return p;
    }

    private static Optional<ItemProblem> duration(int i, String id, String path, double ms) {
        if (Double.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS) {
            return Optional.empty();
        }
        return Optional.of(new ItemProblem(i, id, path, "is " + ms + " ms; a time must be from 0 to " + (long) MAX_DURATION_MS
                + " ms (a day)"));
    }

    /** Which status answers a batch with several kinds of problem: the caller's identity first, then syntax. */
    private static int worst(int current, int candidate) {
        List<Integer> order = List.of(403, 400, 413, 422);
        if (current == 0) {
            return candidate;
        }
        return order.indexOf(candidate) < order.indexOf(current) ? candidate : current;
    }

    private static String path(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m)) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                s.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String message(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return v.getCause().getMessage() == null ? v.getCause().toString() : v.getCause().getMessage();
        }
        String m = e.getOriginalMessage();
        int cut = m.indexOf("\n at [Source");
        return cut > 0 ? m.substring(0, cut) : m;
    }

    private static ResultRow row(CheckResult r, String body, boolean inMaintenance) {
        double[] latencies = new double[Phase.values().length];
        latencies[Phase.TOTAL.ordinal()] = r.durationMs();
        for (StepResult step : r.steps()) {
            if (step.cleanupStep()) {
                continue; // the run's latency is its steps', as its total is
            }
            Phases p = step.phases();
            latencies[Phase.RESOLVE.ordinal()] += p.resolve();
            latencies[Phase.CONNECT.ordinal()] += p.connect();
            latencies[Phase.TLS.ordinal()] += p.tls();
            latencies[Phase.PROCESSING.ordinal()] += p.processing();
            latencies[Phase.TRANSFER.ordinal()] += p.transfer();
        }
        String message = r.error() == null ? null : r.error().message();
        if (message != null && message.length() > MAX_ERROR_MESSAGE) {
            message = message.substring(0, MAX_ERROR_MESSAGE) + "…";
        }
        return new ResultRow(r.id(), r.attempt(), message, body, new Sample(r.check(), "", r.startedAt().toEpochMilli(),
                r.ok(), latencies, r.error() == null ? null : r.error().kind().wireName()), inMaintenance);
    }
}
