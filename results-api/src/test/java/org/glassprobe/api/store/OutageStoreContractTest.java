package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.EU2;
import static org.glassprobe.api.store.StoreFixtures.STATUS_503;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;
import static org.glassprobe.api.store.StoreFixtures.check;
import static org.glassprobe.api.store.StoreFixtures.failed;
import static org.glassprobe.api.store.StoreFixtures.passed;
import static org.glassprobe.api.store.StoreFixtures.result;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassprobe.api.checks.CheckStore;
import org.glassprobe.api.http.Json;
import org.glassprobe.api.ingest.IngestStore;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.notify.Delivery;
import org.glassprobe.api.notify.EventType;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.notify.OutboxStore;
import org.glassprobe.api.outage.Announcer;
import org.glassprobe.api.outage.CheckRecord;
import org.glassprobe.api.outage.CheckStates.State;
import org.glassprobe.api.outage.Decider;
import org.glassprobe.api.outage.Decision;
import org.glassprobe.api.outage.IncidentErrors;
import org.glassprobe.api.outage.IncidentKind;
import org.glassprobe.api.outage.IncidentRecord;
import org.glassprobe.api.outage.OutageStore;
import org.glassprobe.api.outage.PolicyCodec;
import org.glassprobe.api.outage.Previous;
import org.glassprobe.api.outage.RegionHistory;
import org.glassprobe.api.outage.RegionRecord;
import org.glassprobe.api.outage.Subject;
import org.glassprobe.api.outage.Vote;
import org.glassprobe.api.outage.Voter;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.glassprobe.api.rollup.RollupStore;
import org.glassprobe.api.webhook.Webhook;
import org.glassprobe.api.webhook.WebhookStore;
import org.glassprobe.scenarios.model.OutagePolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link OutageStore} promises, on H2 and on PostgreSQL. Checks go in through
 * {@link CheckStore}, results through {@link IngestStore}, roll-ups through {@link RollupStore}.
 * The decisions written are the real {@link Decider}'s, made from what this store reads (as
 * {@code OutageService} makes them, without its maintenance windows and latency baselines), with
 * the real {@link Announcer}'s events; a decision is built by hand only where the case is about the
 * stored version or about a check that is not in the catalogue.
 */
class OutageStoreContractTest extends StoreDatabases {
    private static final List<Voter> VOTERS = List.of(new Voter("eu-1", "eu-west", true),
            new Voter("us-1", "us-east", true));

    private final AtomicInteger incidentIds = new AtomicInteger();
    private final Decider decider = new Decider(Duration.ofSeconds(30), () -> "inc-" + incidentIds.incrementAndGet());
    private final Announcer announcer = new Announcer(Json.newMapper(), () -> "http://127.0.0.1:8080");
    private OutageStore outages;
    private CheckStore checks;
    private IngestStore ingest;
    private RollupStore rollups;
    private WebhookStore webhooks;
    private OutboxStore outbox;

    private void openStores(String database) throws Exception {
        Database db = open(database);
        outages = new JdbcOutageStore(db, PolicyCodec::decode);
        checks = new JdbcCheckStore(db);
        ingest = new JdbcIngestStore(db);
        rollups = new JdbcRollupStore(db);
        webhooks = new JdbcWebhookStore(db);
        outbox = new JdbcOutboxStore(db);
    }

    /** What the decider concludes about the check now, from what the store reads. */
    private Decision decide(String check, Instant now) {
        Subject subject = outages.subject(check).orElseThrow();
        Previous previous = outages.previous(check, now);
        return decider.decide(subject, VOTERS, outages.votes(check), previous, false, history(check), now);
    }

    /** The check's history as the decisions read it, from the probes that vote ({@code OutageService}'s). */
    private RegionHistory history(String check) {
        return new RegionHistory() {
            private Set<String> live(String region) {
                return Set.copyOf(VOTERS.stream().filter(v -> v.region().equals(region)).map(Voter::probe).toList());
            }

            @Override
            public Runs runsBetween(String region, Instant since, Instant until) {
                return outages.runsBetween(check, region, live(region), since, until);
            }

            @Override
            public List<IncidentErrors.Seen> errorsBetween(String region, Instant since, Instant until) {
                return outages.errorsBetween(check, List.of(region), since, until);
            }

            @Override
            public int failuresSince(String region, Instant since) {
                return outages.failuresSince(check, region, live(region), since);
            }

            @Override
            public List<Boolean> lastOutcomes(String region, int n) {
                return outages.lastOutcomes(check, region, live(region), n);
            }

            @Override
            public List<Double> lastPassedDurations(String region, int n) {
                return outages.lastPassedDurations(check, region, live(region), n);
            }

            @Override
            public List<PassedRun> lastPassedRuns(String region, int n) {
                return outages.lastPassedRuns(check, region, live(region), n);
            }

            @Override
            public OptionalDouble baseline(String region, int percentile) {
                return OptionalDouble.empty(); // no latency judged here
            }
        };
    }

    /** "site" fails in both regions at T0; the decider opens an outage, written at T0 + 2 s. */
    private Decision openOutage() {
        checks.put(check("site"), null, 10);
        webhooks.create(new Webhook("wh_1", "webhook", "https://hooks.example/1", List.of("outage.opened",
                "outage.resolved"), null, null, T0), "whsec_1", 10);
        ingest.ingest(EU, List.of(failed("site", T0)), T0.plusSeconds(1));
        ingest.ingest(US, List.of(failed("site", T0)), T0.plusSeconds(1));
        Instant now = T0.plusSeconds(2);
        Decision decision = decide("site", now);
        assertThat(decision.check().state()).as("the decider's verdict, which this contract writes")
                .isEqualTo(State.OUTAGE);
        List<OutboundEvent> events = announcer.about(decision, now);
        assertThat(events).extracting(OutboundEvent::type).containsExactly(EventType.OUTAGE_OPENED);
        assertThat(outages.apply(decision, events, now)).isTrue();
        return decision;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void apply_writes_a_decision_that_opens_an_outage_with_its_event_in_the_outbox(String database) throws Exception {
        openStores(database);
        Decision decision = openOutage();
        String outageId = decision.check().outageId();

        Previous previous = outages.previous("site", T0.plusSeconds(3));
        assertThat(previous.check()).isEqualTo(new CheckRecord("site", State.OUTAGE, decision.check().since(),
                outageId, null, null, null, 0));
        assertThat(previous.regions().values()).containsExactlyInAnyOrderElementsOf(decision.regions());
        assertThat(previous.regions().values()).extracting(RegionRecord::region, RegionRecord::failing,
                RegionRecord::lastError).containsExactlyInAnyOrder(tuple("eu-west", true, STATUS_503),
                        tuple("us-east", true, STATUS_503));
        assertThat(previous.open()).containsOnlyKeys(IncidentKind.OUTAGE);
        assertThat(previous.ended()).isEmpty();

        IncidentRecord shown = outages.incident(outageId).orElseThrow();
        assertThat(shown.kind()).isEqualTo(IncidentKind.OUTAGE);
        assertThat(shown.check()).isEqualTo("site");
        assertThat(shown.open()).isTrue();
        assertThat(shown.regions()).containsExactly("eu-west", "us-east");
        assertThat(shown.notified()).isTrue();
        assertThat(shown.errors()).as("an open outage's errors up to now").isEqualTo(new IncidentErrors(
                List.of(new IncidentErrors.Count(STATUS_503, 2)), STATUS_503, T0));
        assertThat(outages.incident("inc-none")).isEmpty();
        assertThat(outages.incidents("site", List.of(IncidentKind.OUTAGE), 10)).containsExactly(shown);
        assertThat(outages.incidents(null, List.of(IncidentKind.OUTAGE, IncidentKind.REGIONAL), 10))
                .containsExactly(shown);
        assertThat(outages.incidents(null, List.of(IncidentKind.REGIONAL, IncidentKind.DEGRADED), 10)).isEmpty();
        long opened = shown.openedAt().toEpochMilli();
        assertThat(outages.incidents("site", List.of(IncidentKind.OUTAGE),
                new OutageStore.IncidentKey(opened, shown.id()), 10)).as("nothing after the only one").isEmpty();
        assertThat(outages.incidents("site", List.of(IncidentKind.OUTAGE),
                new OutageStore.IncidentKey(opened, shown.id() + "~"), 10))
                .as("opened at the same millisecond with a smaller id: after it").containsExactly(shown);
        assertThat(outages.incidents("site", List.of(IncidentKind.OUTAGE),
                new OutageStore.IncidentKey(opened + 1, ""), 10)).as("opened earlier: after it").containsExactly(shown);

        assertThat(outages.states(null)).singleElement().satisfies(s -> {
            assertThat(s.check()).isEqualTo("site");
            assertThat(s.createdAt()).isEqualTo(T0);
            assertThat(s.record()).isEqualTo(previous.check());
            assertThat(s.regions()).containsExactlyElementsOf(List.of(previous.regions().get("eu-west"),
                    previous.regions().get("us-east")));
        });
        assertThat(outages.states("site")).isEqualTo(outages.states(null));
        assertThat(outages.states("nowhere")).isEmpty();

        assertThat(outbox.heads()).containsOnlyKeys("wh_1");
        assertThat(webhooks.deliveries("wh_1", 10)).extracting(Delivery::eventType, Delivery::check)
                .containsExactly(tuple("outage.opened", "site"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void apply_is_refused_when_another_decision_came_first_and_then_writes_nothing(String database)
            throws Exception {
        openStores(database);
        checks.put(check("site"), null, 10);
        webhooks.create(new Webhook("wh_1", "webhook", "https://hooks.example/1", List.of("outage.opened"), null, null,
                T0), "whsec_1", 10);
        ingest.ingest(EU, List.of(failed("site", T0)), T0.plusSeconds(1));
        ingest.ingest(US, List.of(failed("site", T0)), T0.plusSeconds(1));
        Instant now = T0.plusSeconds(2);
        Decision first = decide("site", now);
        Decision second = decide("site", now); // by another replica, from the same (empty) state

        assertThat(outages.apply(first, announcer.about(first, now), now)).isTrue();
        assertThat(outages.apply(second, announcer.about(second, now), now)).isFalse();
        assertThat(outages.previous("site", now).check().outageId()).isEqualTo(first.check().outageId());
        assertThat(outages.incidents("site", List.of(IncidentKind.values()), 10)).extracting(IncidentRecord::id)
                .containsExactly(first.check().outageId());
        assertThat(webhooks.deliveries("wh_1", 10)).as("the refused decision's event is not sent").hasSize(1);

        CheckRecord stored = outages.previous("site", now).check();
        Decision fromVersion0 = new Decision(new CheckRecord("site", State.OUTAGE, stored.since(), stored.outageId(),
                null, null, null, stored.version()), first.regions(), List.of(), List.of(), true);
        assertThat(outages.apply(fromVersion0, List.of(), now.plusSeconds(1))).isTrue();
        assertThat(outages.previous("site", now).check().version()).isEqualTo(1);
        assertThat(outages.apply(fromVersion0, List.of(), now.plusSeconds(2))).as("version 0 is gone").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void the_decision_that_ends_an_outage_is_kept_as_it_was_written_and_is_the_last_ended(String database)
            throws Exception {
        openStores(database);
        String outageId = openOutage().check().outageId();

        IncidentRecord resolved = null;
        for (int round = 1; round <= 20 && resolved == null; round++) {
            Instant at = T0.plusSeconds(30L * round);
            ingest.ingest(EU, List.of(passed("site", at, 100)), at.plusSeconds(1));
            ingest.ingest(US, List.of(passed("site", at, 100)), at.plusSeconds(1));
            Decision decision = decide("site", at.plusSeconds(2));
            if (decision.changed()) {
                assertThat(outages.apply(decision, announcer.about(decision, at.plusSeconds(2)), at.plusSeconds(2)))
                        .isTrue();
            }
            resolved = decision.incidents().stream().filter(i -> i.id().equals(outageId) && !i.open()).findFirst()
                    .orElse(null);
        }

        assertThat(resolved).as("the decider ends the outage after passing rounds").isNotNull();
        assertThat(outages.incident(outageId)).as("a closed incident exactly as written").contains(resolved);
        Previous previous = outages.previous("site", T0.plusSeconds(1000));
        assertThat(previous.open()).isEmpty();
        assertThat(previous.ended()).containsEntry(IncidentKind.OUTAGE, resolved);
        assertThat(previous.check().state()).isEqualTo(State.OPERATIONAL);
        assertThat(webhooks.deliveries("wh_1", 10)).extracting(Delivery::eventType)
                .containsExactly("outage.resolved", "outage.opened");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void forget_closes_the_open_incidents_and_forgets_the_state_but_keeps_the_history(String database)
            throws Exception {
        openStores(database);
        String outageId = openOutage().check().outageId();
        checks.delete("site");
        Instant deletedAt = T0.plusSeconds(100);

        outages.forget("site", deletedAt);

        Previous previous = outages.previous("site", deletedAt);
        assertThat(previous.check()).isEqualTo(new CheckRecord("site", State.UNKNOWN, deletedAt, null, null, null, null,
                -1));
        assertThat(previous.regions()).isEmpty();
        assertThat(previous.open()).isEmpty();
        assertThat(outages.incident(outageId)).map(IncidentRecord::resolvedAt).contains(deletedAt);
        assertThat(outages.incidents("site", List.of(IncidentKind.OUTAGE), 10)).hasSize(1);
        assertThat(outages.checkNames()).doesNotContain("site");
        assertThat(outages.states(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void checkNames_are_every_check_and_every_check_with_a_stored_state(String database) throws Exception {
        openStores(database);
        checks.put(check("b-check"), null, 10);
        checks.put(check("a-check"), null, 10);
        assertThat(outages.checkNames()).containsExactly("a-check", "b-check");

        Decision aboutGone = new Decision(new CheckRecord("gone", State.UNKNOWN, T0, null, null, null, null, -1),
                List.of(), List.of(), List.of(), true); // decided just before its check was deleted
        assertThat(outages.apply(aboutGone, List.of(), T0)).isTrue();
        assertThat(outages.checkNames()).containsExactly("a-check", "b-check", "gone");
        assertThat(outages.states(null)).as("a check never decided about: no record, no regions")
                .extracting(OutageStore.StoredState::check, OutageStore.StoredState::record,
                        s -> s.regions().size()).containsExactly(tuple("a-check", null, 0), tuple("b-check", null, 0));

        outages.forget("gone", T0.plusSeconds(1));
        assertThat(outages.checkNames()).containsExactly("a-check", "b-check");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void subject_is_the_checks_rhythm_regions_and_outage_policy(String database) throws Exception {
        openStores(database);
        OutagePolicy policy = new OutagePolicy(new OutagePolicy.Quorum(2, 0), 3, Duration.ofMinutes(5), 4,
                OutagePolicy.Degraded.OFF, 2, Duration.ofMinutes(1), Duration.ofMinutes(10));
        checks.put(check("site", List.of("eu-west", "us-east"), "name: site\n", List.of(), T0),
                PolicyCodec.encode(policy), 10);
        checks.put(check("plain"), null, 10);

        assertThat(outages.subject("site")).contains(new Subject("site", Duration.ofSeconds(30), Duration.ofSeconds(5),
                0, List.of("eu-west", "us-east"), policy));
        assertThat(outages.subject("plain")).map(Subject::policy).contains(OutagePolicy.DEFAULT);
        assertThat(outages.subject("plain")).map(Subject::regions).contains(List.of());
        assertThat(outages.subject("nowhere")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void votes_are_the_latest_result_of_each_probe_with_its_error_message(String database) throws Exception {
        openStores(database);
        ResultRow euLatest = failed("site", T0.plusSeconds(30));
        ResultRow usLatest = passed("site", T0, 90);
        ingest.ingest(EU, List.of(passed("site", T0, 100), euLatest), T0.plusSeconds(31));
        ingest.ingest(US, List.of(usLatest), T0.plusSeconds(31));

        assertThat(outages.votes("site")).containsExactlyInAnyOrder(
                new Vote("eu-1", "eu-west", euLatest.id().toString(), T0.plusSeconds(30), false, "status", STATUS_503,
                        30),
                new Vote("us-1", "us-east", usLatest.id().toString(), T0, true, null, null, 90));
        assertThat(outages.votes("nowhere")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_warned_run_is_in_its_vote_and_in_the_last_passed_runs_newest_first(String database) throws Exception {
        openStores(database);
        ResultRow plain = passed("site", T0, 100);
        ResultRow warned = warned(passed("site", T0.plusSeconds(30), 110), "step \"http\": condition [X] failed");
        ingest.ingest(EU, List.of(plain, failed("site", T0.plusSeconds(15)), warned), T0.plusSeconds(31));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(30), 90)), T0.plusSeconds(31));

        assertThat(outages.votes("site")).filteredOn(v -> v.probe().equals("eu-1")).singleElement()
                .extracting(Vote::warning).isEqualTo("step \"http\": condition [X] failed");
        assertThat(outages.votes("site")).filteredOn(v -> v.probe().equals("us-1")).singleElement()
                .extracting(Vote::warning).isNull();
        assertThat(outages.lastPassedRuns("site", "eu-west", Set.of("eu-1"), 5)).containsExactly(
                new RegionHistory.PassedRun(110, "step \"http\": condition [X] failed"),
                new RegionHistory.PassedRun(100, null));
        assertThat(outages.lastPassedRuns("site", "eu-west", Set.of(), 5)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void warned_runs_in_a_row_degrade_the_check_and_the_summary_names_the_warning(String database) throws Exception {
        openStores(database);
        checks.put(check("site"), PolicyCodec.encode(new OutagePolicy(OutagePolicy.Quorum.MAJORITY, 1, null, 2,
                new OutagePolicy.Degraded(true, 50, 2.0, Duration.ofMillis(100), 2), 1, Duration.ofMinutes(1),
                Duration.ofMinutes(10))), 10);
        for (int round = 0; round < 2; round++) {
            Instant at = T0.plusSeconds(30L * round);
            ingest.ingest(EU, List.of(warned(passed("site", at, 100), "step \"http\": expiry soon")), at.plusSeconds(1));
            ingest.ingest(US, List.of(warned(passed("site", at, 100), "step \"http\": expiry soon")), at.plusSeconds(1));
        }

        Decision decision = decide("site", T0.plusSeconds(32));
        assertThat(decision.check().state()).isEqualTo(State.DEGRADED);
        assertThat(decision.incidents()).singleElement().extracting(IncidentRecord::errorSummary)
                .isEqualTo("eu-west: warned: step \"http\": expiry soon; us-east: warned: step \"http\": expiry soon");
    }

    private static ResultRow warned(ResultRow row, String warning) {
        return new ResultRow(row.id(), row.attempt(), row.errorMessage(), row.body(), row.sample(),
                row.inMaintenance(), warning, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void errorsBetween_tallies_failed_runs_by_message_without_probe_failures_or_maintenance(String database)
            throws Exception {
        openStores(database);
        ingest.ingest(EU, List.of(failed("site", T0), failed("site", T0.plusSeconds(30)),
                result("site", T0.plusSeconds(60), false, 5000, "timeout", null, false),
                result("site", T0.plusSeconds(90), false, 10, "probe", "the browser would not start", false),
                result("site", T0.plusSeconds(120), false, 30, "status", STATUS_503, true),
                result("site", T0.plusSeconds(150), false, 30, null, null, false),
                passed("site", T0.plusSeconds(180), 100), failed("other", T0)), T0.plusSeconds(181));
        ingest.ingest(US, List.of(failed("site", T0.plusSeconds(30))), T0.plusSeconds(31));

        assertThat(outages.errorsBetween("site", List.of("eu-west", "us-east"), T0, null)).containsExactlyInAnyOrder(
                new IncidentErrors.Seen(STATUS_503, 3, T0.plusSeconds(30)),
                new IncidentErrors.Seen("timeout", 1, T0.plusSeconds(60)),
                new IncidentErrors.Seen("failed", 1, T0.plusSeconds(150)));
        assertThat(outages.errorsBetween("site", List.of("eu-west"), T0, T0.plusSeconds(30)))
                .as("until is exclusive").containsExactly(new IncidentErrors.Seen(STATUS_503, 1, T0));
        assertThat(outages.errorsBetween("site", List.of(), T0, null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_regions_runs_count_only_the_given_probes_without_probe_failures_or_maintenance(String database)
            throws Exception {
        openStores(database);
        ingest.ingest(EU, List.of(passed("site", T0, 100), failed("site", T0.plusSeconds(30)),
                passed("site", T0.plusSeconds(60), 120),
                result("site", T0.plusSeconds(90), false, 10, "probe", "the browser would not start", false),
                result("site", T0.plusSeconds(120), true, 130, null, null, true),
                passed("site", T0.plusSeconds(150), 140)), T0.plusSeconds(151));
        ingest.ingest(EU2, List.of(failed("site", T0.plusSeconds(45)), passed("site", T0.plusSeconds(165), 999)),
                T0.plusSeconds(166));
        ingest.ingest(US, List.of(failed("site", T0.plusSeconds(30))), T0.plusSeconds(31));
        List<String> eu1 = List.of("eu-1");
        List<String> both = List.of("eu-1", "eu-2");

        assertThat(outages.runsBetween("site", "eu-west", eu1, T0, null)).isEqualTo(new RegionHistory.Runs(4, 1));
        assertThat(outages.runsBetween("site", "eu-west", both, T0, null)).isEqualTo(new RegionHistory.Runs(6, 2));
        assertThat(outages.runsBetween("site", "eu-west", eu1, T0.plusSeconds(30), T0.plusSeconds(150)))
                .isEqualTo(new RegionHistory.Runs(2, 1));
        assertThat(outages.runsBetween("site", "eu-west", List.of(), T0, null)).isEqualTo(new RegionHistory.Runs(0, 0));

        assertThat(outages.failuresSince("site", "eu-west", eu1, T0.plusSeconds(30))).isEqualTo(1);
        assertThat(outages.failuresSince("site", "eu-west", eu1, T0.plusSeconds(31))).isZero();
        assertThat(outages.failuresSince("site", "eu-west", both, T0)).isEqualTo(2);

        assertThat(outages.lastOutcomes("site", "eu-west", eu1, 3)).containsExactly(true, true, false);
        assertThat(outages.lastOutcomes("site", "eu-west", both, 5)).containsExactly(true, true, true, false, false);
        assertThat(outages.lastOutcomes("site", "eu-west", List.of(), 5)).isEmpty();

        assertThat(outages.lastPassedDurations("site", "eu-west", eu1, 2)).containsExactly(140.0, 120.0);
        assertThat(outages.lastPassedDurations("site", "eu-west", eu1, 10)).containsExactly(140.0, 120.0, 100.0);
        assertThat(outages.lastPassedDurations("site", "eu-west", List.of(), 10)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void a_regions_runs_that_began_together_come_newest_arrival_first(String database) throws Exception {
        openStores(database);
        for (int round = 0; round < 20; round++) { // two probes of one region run a check at the same instant
            Instant at = T0.plusSeconds(30L * round);
            ingest.ingest(EU, List.of(passed("site", at, 100), passed("fast", at, 100 + round)), at.plusSeconds(1));
            ingest.ingest(EU2, List.of(failed("site", at), passed("fast", at, 200 + round)), at.plusSeconds(2));
        }
        List<String> both = List.of("eu-1", "eu-2");

        assertThat(outages.lastOutcomes("site", "eu-west", both, 6)).containsExactly(false, true, false, true, false,
                true);
        assertThat(outages.lastPassedDurations("fast", "eu-west", both, 6)).containsExactly(219.0, 119.0, 218.0,
                118.0, 217.0, 117.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void hour_and_minute_histograms_are_the_regions_rolled_up_latencies_in_the_range(String database)
            throws Exception {
        openStores(database);
        Instant nine = T0.minusSeconds(3600);
        ingest.ingest(EU, List.of(passed("site", nine.plusSeconds(1800), 100), passed("site", T0.plusSeconds(10), 200),
                passed("site", T0.plusSeconds(70), 300)), T0.plusSeconds(71));
        ingest.ingest(US, List.of(passed("site", T0.plusSeconds(10), 50)), T0.plusSeconds(71));
        rollups.rollUpNext(100);

        assertThat(counts(outages.hourHistograms("site", "eu-west", nine, null))).containsExactlyInAnyOrder(1L, 2L);
        assertThat(counts(outages.hourHistograms("site", "eu-west", nine, T0))).as("the hours ended by then")
                .containsExactly(1L);
        assertThat(counts(outages.hourHistograms("site", "eu-west", T0, null))).containsExactly(2L);
        List<String> minute = outages.minuteHistograms("site", "eu-west", T0, T0.plusSeconds(60));
        assertThat(counts(minute)).containsExactly(1L);
        assertThat(LatencyHistogram.decode(minute.get(0)).quantile(0.5)).isCloseTo(200.0, withinPercentage(1));
        assertThat(counts(outages.minuteHistograms("site", "us-east", T0, T0.plusSeconds(120)))).containsExactly(1L);
        assertThat(outages.minuteHistograms("site", "ap-south", T0, T0.plusSeconds(120))).isEmpty();
    }

    private static List<Long> counts(List<String> histograms) {
        return histograms.stream().map(h -> LatencyHistogram.decode(h).count()).toList();
    }
}
