package org.glassprobe.api.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.checks.CheckStore;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.journey.JourneyFacts;
import org.glassprobe.api.journey.JourneyField;
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
    private final Function<Set<String>, Map<String, CheckStore.Assignment>> assignments;
    private final ObjectMapper json;
    private final ObjectReader reader;
    private final Clock clock;
    private final ApiConfig.Ingest limits;
    private final Duration rawRetention;
    private final ApiMetrics metrics;
    private final java.util.function.Consumer<Stored> afterStored;
    private final java.util.function.BiPredicate<String, Instant> inMaintenance;

    /**
     * What ingestion needs besides its stores.
     *
     * @param afterStored told the names of the checks whose results were just stored and the
     *                    confirmation rounds they answer (the outage decisions are taken there, as
     *                    results arrive); it must not throw
     * @param inMaintenance whether a check is inside a maintenance window at a time: such results
     *                    are kept but counted neither for uptime nor for latency
     */
    public record Options(ApiConfig.Ingest limits, Duration rawRetention, Clock clock,
            java.util.function.Consumer<Stored> afterStored,
            java.util.function.BiPredicate<String, Instant> inMaintenance) {}

    /**
     * A batch just stored.
     *
     * @param probe         the probe that sent it
     * @param checks        the checks it has results of
     * @param confirmations what its confirmation runs answer (their rounds)
     */
    public record Stored(String probe, java.util.Set<String> checks,
            List<org.glassprobe.api.confirm.ConfirmationStore.Answer> confirmations) {}

    /**
     * @param assignments where each named check runs and since when (no entry: no such check): each
     *                    result is checked against its check
     */
    public IngestService(IngestStore results, Function<Set<String>, Map<String, CheckStore.Assignment>> assignments,
            ObjectMapper json, ApiMetrics metrics, Options options) {
        this.results = results;
        this.assignments = assignments;
        this.json = json;
        this.reader = json.readerFor(CheckResult.class);
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
            metrics.ingested(counts.stored(), counts.duplicates(), counts.expired(), counts.unassigned());
            return counts;
        } catch (ApiException e) {
            metrics.rejectedBatch();
            logger.atWarn().addKeyValue("probe", probe.name()).addKeyValue("status", e.status())
                    .addKeyValue("reason", e.getMessage()).log("result batch rejected");
            throw e;
        }
    }

    /** A batch as posted: the probe and region it names (null: none), and its items. */
    private record Batch(String probe, String region, List<Item> items) {}

    /**
     * One item of a batch, where it stands in the body, and the few fields read before it is
     * parsed: its type ("object" for a result), its id and check when they are text, and the probe
     * and region it names (a non-text value reads as its text, an object or array as "").
     */
    private record Item(int start, int length, String type, String id, String check, String probe, String region,
            int journeyStart, int journeyLength) {
        /** The item's bytes as the probe sent them: what is stored. */
        String text(byte[] body) {
            return new String(body, start, length, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads the batch's outline in one pass that builds nothing but each item's place and a few
     * fields; each result is then parsed once, straight from its bytes, and stored as the probe
     * sent it instead of being written out again.
     */
    private Batch read(byte[] body) {
        String shape = "a batch is a JSON object {\"results\": [ ... ]} whose items are results as"
                + " 'glassprobe-probe run --json' prints them";
        Map<String, String> fields = new java.util.HashMap<>();
        List<Item> items = null;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest(shape);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!field.equals("results")) {
                    fields.put(field, scalar(p));
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw ApiException.badRequest(shape);
                }
                items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(item(p, t));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw ApiException.badRequest(shape);
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the batch is not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw ApiException.badRequest("the batch cannot be read: " + e.getMessage());
        }
        if (items == null) {
            throw ApiException.badRequest(shape);
        }
        return new Batch(fields.get("probe"), fields.get("region"), items);
    }

    private static Item item(JsonParser p, JsonToken first) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (first != JsonToken.START_OBJECT) {
            String type = switch (first) {
                case START_ARRAY -> "array";
                case VALUE_STRING -> "string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case VALUE_NULL -> "null";
                default -> first.name().toLowerCase(java.util.Locale.ROOT);
            };
            p.skipChildren();
            return new Item(start, 0, type, null, null, null, null, -1, 0);
        }
        Map<String, String> named = new java.util.HashMap<>();
        int journeyStart = -1;
        int journeyLength = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "journey" -> { // its place only: read once the result is known to be one
                    journeyStart = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    journeyLength = (int) p.currentLocation().getByteOffset() - journeyStart;
                }
                case "id", "check" -> {
                    named.put(field, p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null);
                    p.skipChildren();
                }
                case "probe", "region" -> named.put(field, scalar(p));
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentLocation().getByteOffset();
        return new Item(start, end - start, "object", named.get("id"), named.get("check"), named.get("probe"),
                named.get("region"), journeyStart, journeyLength);
    }

    /** The value the parser stands on as text: null for JSON null, "" for an object or array (skipped). */
    private static String scalar(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return "";
        }
        return p.getText();
    }

    private IngestCounts validateAndStore(Caller.ProbeCaller probe, byte[] body) {
        Batch batch = read(body);
        for (String field : new String[] {"probe", "region"}) {
            String claimed = field.equals("probe") ? batch.probe() : batch.region();
            String own = field.equals("probe") ? probe.name() : probe.region();
            if (claimed != null && !claimed.equals(own)) {
                throw new ApiException(403, "the batch names " + field + " '" + claimed + "' but the token is"
                        + " probe '" + probe.name() + "' in region '" + probe.region() + "': a probe posts only as"
                        + " itself; nothing was stored");
            }
        }
        List<Item> items = batch.items();
        if (items.size() > limits.maxBatchResults()) {
            throw new ApiException(413, "the batch has " + items.size() + " results; at most "
                    + limits.maxBatchResults() + " are accepted in one batch (ingest.max-batch-results); send the"
                    + " rest in further batches. Nothing was stored");
        }
        Map<String, CheckStore.Assignment> catalogue = assignments.apply(items.stream()
                .map(Item::check)
                .filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(java.util.TreeSet::new)));
        Instant now = clock.instant();
        Instant latest = now.plus(limits.maxFutureSkew());
        Instant oldest = now.minus(rawRetention);
        List<ItemProblem> problems = new ArrayList<>();
        int status = 0;
        List<ResultRow> rows = new ArrayList<>();
        List<org.glassprobe.api.confirm.ConfirmationStore.Answer> answers = new ArrayList<>();
        int expired = 0;
        int unassigned = 0;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            String id = item.id();
            if (!item.type().equals("object")) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", "a result is a JSON object, found "
                        + item.type()));
                continue;
            }
            if (item.length() > limits.maxResultBytes()) {
                status = worst(status, 413);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", "the result is "
                        + item.length() + " bytes; at most " + limits.maxResultBytes()
                        + " (ingest.max-result-bytes)"));
                continue;
            }
            if (item.probe() != null && !item.probe().equals(probe.name())) {
                status = worst(status, 403);
                problems.add(new ItemProblem(i, id, "results[" + i + "].probe", "names probe '" + item.probe()
                        + "' but the token is probe '" + probe.name() + "'s: a probe posts only as itself"));
                continue;
            }
            if (item.region() != null && !item.region().equals(probe.region())) {
                status = worst(status, 403);
                problems.add(new ItemProblem(i, id, "results[" + i + "].region", "names region '" + item.region()
                        + "' but probe '" + probe.name() + "' is enrolled in '" + probe.region() + "': a probe posts"
                        + " only from its own region"));
                continue;
            }
            CheckResult result;
            try {
                result = reader.readValue(body, item.start(), item.length());
            } catch (JsonProcessingException e) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]" + path(e), message(e)));
                continue;
            } catch (IllegalArgumentException e) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]", e.getMessage()));
                continue;
            } catch (IOException e) {
                throw new IllegalStateException("a result cannot be read from memory", e);
            }
            Optional<ItemProblem> impossible = impossible(i, id, result);
            if (impossible.isPresent()) {
                status = worst(status, 400);
                problems.add(impossible.get());
                continue;
            }
            CheckStore.Assignment assigned = catalogue.get(result.check());
            if (assigned == null) {
                status = worst(status, 422);
                problems.add(new ItemProblem(i, id, "results[" + i + "].check", "no check named '" + result.check()
                        + "' is known to the API"));
                continue;
            }
            if (!assigned.runsIn(probe.region())) {
                if (!assigned.ranIn(probe.region())) {
                    status = worst(status, 422);
                    problems.add(new ItemProblem(i, id, "results[" + i + "].check", "check '" + result.check()
                            + "' is not assigned to region '" + probe.region() + "' (it runs in "
                            + String.join(", ", assigned.regions()) + ")"));
                    continue;
                }
                if (!result.startedAt().isBefore(assigned.regionsChangedAt())) {
                    // run after the check left this region, before the probe heard of it: the change says
                    // this region's runs are no longer wanted
                    unassigned++;
                    continue;
                }
                // run before the check left this region (a backlog spooled while the probe could not
                // reach the API): a result like any other
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
            JourneyFacts journey;
            try {
                journey = journey(body, item, result, probe).orElse(null);
            } catch (JourneyField.Invalid invalid) {
                status = worst(status, 400);
                problems.add(new ItemProblem(i, id, "results[" + i + "]." + invalid.path(), invalid.getMessage()));
                continue;
            }
            rows.add(row(result, item.text(body), inMaintenance.test(result.check(), result.startedAt()), journey));
            if (result.confirmation() != null) {
                answers.add(new org.glassprobe.api.confirm.ConfirmationStore.Answer(result.confirmation().round(),
                        result.id().toString(), result.ok()));
            }
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
            afterStored.accept(new Stored(probe.name(), rows.stream().map(r -> r.sample().check())
                    .collect(Collectors.toCollection(java.util.TreeSet::new)), answers));
        }
        if (expired > 0) {
            logger.atWarn().addKeyValue("probe", probe.name()).addKeyValue("expired", expired)
                    .log("results older than the raw retention were acknowledged and not stored");
        }
        if (unassigned > 0) {
            logger.atInfo().addKeyValue("probe", probe.name()).addKeyValue("region", probe.region())
                    .addKeyValue("unassigned", unassigned).log("results of checks that no longer run in this"
                            + " region, run after the change reached the API, were acknowledged and not stored");
        }
        return new IngestCounts(counts.stored(), counts.duplicates(), expired, unassigned);
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

    /** What the result's {@code journey} field says that is kept with it; its path is relative to the result. */
    private Optional<JourneyFacts> journey(byte[] body, Item item, CheckResult r, Caller.ProbeCaller probe) {
        if (item.journeyStart() < 0) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = json.readTree(body, item.journeyStart(), item.journeyLength());
        } catch (IOException e) {
            throw new IllegalStateException("a journey field that parsed once cannot be read again", e);
        }
        return JourneyField.read(node, "journey", new JourneyField.Result(r.id(), r.check(), r.startedAt(), r.ok(),
                probe.name(), probe.region()));
    }

    private static ResultRow row(CheckResult r, String body, boolean inMaintenance, JourneyFacts journey) {
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
        String warning = r.warned() ? String.join("; ", r.warnings().stream().map(w -> w.message()).toList()) : null;
        if (warning != null && warning.length() > MAX_ERROR_MESSAGE) {
            warning = warning.substring(0, MAX_ERROR_MESSAGE - 1) + "…";
        }
        ResultRow.Tls tls = r.earliestCertificate().map(t -> new ResultRow.Tls(t.earliestExpiry().toEpochMilli(),
                t.version() == null || t.version().length() > 32 ? null : t.version())).orElse(null);
        return new ResultRow(r.id(), r.attempt(), message, body, new Sample(r.check(), "", r.startedAt().toEpochMilli(),
                r.ok(), latencies, r.error() == null ? null : r.error().kind().wireName()), inMaintenance, warning, tls, journey);
    }
}
