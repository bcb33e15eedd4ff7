package org.glassprobe.scenarios.run;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.Facts;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Journey;
import org.glassprobe.scenarios.result.Attempt;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Integrity;
import org.glassprobe.scenarios.result.JourneyReport;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a journey check (one region writes, the others read): the writer runs the check's steps and
 * publishes the object its upload made; a reader asks where the newest object is and reads it until
 * the bytes are the ones written, or the check's timeout passes, and reports how long after the
 * upload that was (docs/check-language.md, Journeys across regions).
 */
final class JourneyRuns {
    private static final Logger logger = LoggerFactory.getLogger(JourneyRuns.class);
    /** The longest a reader waits for the object of its round (the API holds a request up to 25 s). */
    static final Duration MAX_WAIT = Duration.ofSeconds(20);

    private final CheckRunner runner;
    private final Clock clock;

    JourneyRuns(CheckRunner runner, Clock clock) {
        this.runner = runner;
        this.clock = clock;
    }

    CheckResult run(Check check, Journey journey, RunOptions options) throws UnresolvedVariablesException {
        JourneyPlace place = options.journey();
        Instant round = place.round().orElseGet(clock::instant);
        boolean writes = switch (place.role()) {
            case WRITER -> true;
            case READER -> false;
            case BY_ROUND -> journey.writerOf(check.regions(), round, check.interval()).equals(options.probe().region());
        };
        return writes ? write(check, journey, options, round) : read(check, journey, options, round);
    }

    /** The check's steps; then, when the upload step passed, the object it made, for the readers. */
    private CheckResult write(Check check, Journey journey, RunOptions options, Instant round)
            throws UnresolvedVariablesException {
        CheckRunner.Ran ran = runner.runSteps(check, options);
        CheckResult result = ran.result();
        Optional<StepResult> upload = result.steps().stream()
                .filter(s -> s.name().equals(journey.publishStep()) && s.ok()).findFirst();
        RunContext.Span uploading = ran.spans().get(journey.publishStep());
        if (upload.isEmpty() || uploading == null) {
            return result.withJourney(JourneyReport.writer(round, null));
        }
        String url;
        try (RunContext values = new RunContext(check.name(), ran.identity(), result.attempt(), ran.variables(),
                options.environment(), System.nanoTime(), check.timeout(), Optional.empty())) {
            url = journey.url().render(values::lookup);
        } catch (StepFailure e) {
            logger.atWarn().addKeyValue("check", check.name()).log("the journey's publish.url could not be filled in"
                    + " after the run, so nothing is published for the readers: " + e.getMessage());
            return result.withJourney(JourneyReport.writer(round, null));
        }
        Integrity.Content content = journey.content();
        return result.withJourney(JourneyReport.writer(round, new JourneyReport.PublishedObject(null, round, null,
                url, content.sha256(), content.size(), content.contentType(), journey.file(), journey.publishStep(),
                uploading.began(), uploading.ended())));
    }

    /** What a reader's read found, when it failed. */
    private enum Miss { MISSING, STALE, DIFFERENT, ERROR }

    private CheckResult read(Check check, Journey journey, RunOptions options, Instant round)
            throws UnresolvedVariablesException {
        CheckRunner.Start start = CheckRunner.start(check, options);
        UUID id = UUID.randomUUID();
        Instant startedAt = clock.instant();
        long startNanos = System.nanoTime();
        long deadline = startNanos + check.timeout().toNanos();
        RunContext.RunIdentity identity = new RunContext.RunIdentity(id, startedAt, options.probe());
        String kind = check.kind().wireName();
        JourneyPlace.Lookup lookup;
        try {
            // the writer of this round needs its steps' time and the result's way to the API: wait at
            // most half the timeout for it (and no longer than the API holds a request), keep the rest for reading
            Duration half = check.timeout().dividedBy(2);
            lookup = options.journey().objects().latest(check.name(), round,
                    half.compareTo(MAX_WAIT) < 0 ? half : MAX_WAIT);
        } catch (IOException e) {
            return cannotRead(id, check, start, startedAt, round, "could not ask the results API for the object to"
                    + " read: " + e.getMessage());
        }
        if (lookup.object().isEmpty()) {
            String writer = journey.writer().map(w -> "the writer, " + w + ",").orElse("no writing region");
            return cannotRead(id, check, start, startedAt, round, "nothing to read yet: no object of this check has"
                    + " been published (" + writer + " has not uploaded one successfully)");
        }
        JourneyReport.PublishedObject object = lookup.object().get();
        boolean fresh = object.round() != null && !object.round().isBefore(round);
        Map<String, String> variables = new LinkedHashMap<>(start.variables());
        variables.put(Journey.OBJECT_URL, object.url());
        variables.put(Journey.OBJECT_ID, object.id() == null ? "" : object.id());
        HttpStep base = (HttpStep) journey.read();
        HttpStep readStep = new HttpStep(base.name(), base.timeout(), base.request(), base.captures(),
                base.conditions(), Optional.of(new IntegritySpec(object.step() == null ? journey.publishStep()
                        : object.step(), object.file() == null ? journey.file() : object.file(),
                        new Integrity.Content(object.sha256(), object.size(), object.contentType()))),
                base.warnings());

        int reads = 0;
        int[] misses = new int[Miss.values().length];
        StepResult last = null;
        Instant lastFailedAt = null;
        Instant identicalAt = null;
        while (true) {
            Instant readAt = clock.instant();
            reads++;
            CheckRunner.Section section = runner.section(check, List.of(readStep), false, identity, 1, 1, variables,
                    options, deadline);
            last = section.results().isEmpty() ? null : section.results().get(section.results().size() - 1);
            if (last != null && last.ok()) {
                identicalAt = readAt;
                break;
            }
            misses[miss(last, lookup.previousSha256()).ordinal()]++;
            lastFailedAt = readAt;
            long left = deadline - System.nanoTime();
            if (left <= journey.every().toNanos()) {
                break;
            }
            if (!CheckRunner.pause(journey.every())) {
                return interrupted(id, check, start, startedAt, round, object, fresh, reads);
            }
        }
        JourneyReport.Failures failures = new JourneyReport.Failures(misses[Miss.MISSING.ordinal()],
                misses[Miss.STALE.ordinal()], misses[Miss.DIFFERENT.ordinal()], misses[Miss.ERROR.ordinal()]);
        Double propagation = fresh && identicalAt != null
                ? CheckRunner.millis(Duration.between(object.uploadedAt(), identicalAt).toNanos()) : null;
        Boolean upperBound = propagation == null ? null : failures.total() == 0;
        Double resolution = propagation == null || lastFailedAt == null ? null
                : CheckRunner.millis(Duration.between(lastFailedAt, identicalAt).toNanos());

        StepResult step = last == null ? CheckRunner.failed(readStep.name(), readStep.kind(), 0, ErrorKind.TIMEOUT,
                "no time was left to read the object") : last;
        if (fresh) {
            step = judged(step, journey, propagation, identicalAt == null
                    ? notReadWords(options.probe().region(), object, reads, failures, check.timeout()) : null);
        }
        RunError error = step.error() == null ? null : step.error().inStep(step.name());
        Attempt attempt = new Attempt(1, startedAt, step.durationMs(), error == null, List.of(step), error);
        JourneyReport report = new JourneyReport(JourneyReport.READER, round, object, fresh, reads,
                fresh ? identicalAt : null, propagation, upperBound, resolution, fresh ? failures : null);
        return CheckResult.of(id, check.name(), kind, List.of(attempt), start.recorded()).withJourney(report);
    }

    /** The read step with the journey's conditions on the propagation, and a message when it was never read. */
    private static StepResult judged(StepResult read, Journey journey, Double propagationMs, String notRead) {
        Facts facts = (placeholder, argument) -> placeholder == Placeholder.Kind.PROPAGATION && propagationMs != null
                ? Optional.of(java.math.BigDecimal.valueOf(propagationMs).stripTrailingZeros().toPlainString())
                : Optional.empty();
        List<ConditionResult> conditions = new ArrayList<>(read.conditions());
        ConditionResult failedCondition = null;
        for (Condition condition : journey.expect()) {
            ConditionResult r = condition.evaluate(facts, name -> name);
            conditions.add(r);
            if (!r.ok() && failedCondition == null) {
                failedCondition = r;
            }
        }
        RunError error = read.error();
        if (notRead != null) {
            ErrorKind kind = error == null ? ErrorKind.INTEGRITY : error.kind();
            error = new RunError(kind, null, notRead + (error == null ? "" : "; the last read: " + error.message()));
        } else if (error == null && failedCondition != null) {
            error = new RunError(ErrorKind.CONDITION, null, "condition " + failedCondition.condition() + " failed:"
                    + " the object propagated in " + Durations.format(Duration.ofMillis(Math.round(propagationMs))));
        }
        return new StepResult(read.name(), read.kind(), error == null, read.durationMs(), read.request(),
                read.status(), read.phases(), conditions, read.captures(), read.integrity(), read.timings(),
                read.artifacts(), error, read.cleanup(), read.notRun(), read.dns(), read.tls(), read.warn());
    }

    private static String notReadWords(String region, JourneyReport.PublishedObject object, int reads,
            JourneyReport.Failures failures, Duration timeout) {
        List<String> found = new ArrayList<>();
        if (failures.missing() > 0) {
            found.add(failures.missing() + " missing (404)");
        }
        if (failures.stale() > 0) {
            found.add(failures.stale() + " with the previous object's bytes");
        }
        if (failures.different() > 0) {
            found.add(failures.different() + " with other bytes");
        }
        if (failures.error() > 0) {
            found.add(failures.error() + " failed otherwise");
        }
        String writer = object.writer() == null ? "" : " by " + object.writer().probe() + " (" + object.writer().region()
                + ")";
        return region + " did not read the object written" + writer + " at " + object.uploadedAt() + " byte for byte"
                + " within the check's timeout of " + Durations.format(timeout) + ": " + reads + " reads, "
                + String.join(", ", found);
    }

    private static Miss miss(StepResult read, Optional<String> previousSha256) {
        if (read == null) {
            return Miss.ERROR;
        }
        if (read.status() != null && (read.status() == 404 || read.status() == 410)) {
            return Miss.MISSING;
        }
        Integrity integrity = read.integrity();
        if (integrity != null && !integrity.ok()) {
            return previousSha256.isPresent() && previousSha256.get().equals(integrity.actual().sha256())
                    ? Miss.STALE : Miss.DIFFERENT;
        }
        return Miss.ERROR;
    }

    /** The probe is shutting down: the reads stop, and the result says so rather than blaming the store. */
    private CheckResult interrupted(UUID id, Check check, CheckRunner.Start start, Instant startedAt, Instant round,
            JourneyReport.PublishedObject object, boolean fresh, int reads) {
        RunError error = new RunError(ErrorKind.TIMEOUT, null, "the run was interrupted because the probe is shutting"
                + " down, after " + reads + (reads == 1 ? " read" : " reads"));
        Attempt attempt = new Attempt(1, startedAt, 0, false, List.of(), error);
        return CheckResult.of(id, check.name(), check.kind().wireName(), List.of(attempt), start.recorded())
                .withJourney(new JourneyReport(JourneyReport.READER, round, object, fresh, reads, null, null, null,
                        null, null));
    }

    private CheckResult cannotRead(UUID id, Check check, CheckRunner.Start start, Instant startedAt, Instant round,
            String why) {
        RunError error = new RunError(ErrorKind.PROBE, null, why);
        Attempt attempt = new Attempt(1, startedAt, 0, false, List.of(), error);
        return CheckResult.of(id, check.name(), check.kind().wireName(), List.of(attempt), start.recorded())
                .withJourney(new JourneyReport(JourneyReport.READER, round, null, null, 0, null, null, null, null,
                        null));
    }
}
