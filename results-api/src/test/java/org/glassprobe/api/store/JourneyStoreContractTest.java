package org.glassprobe.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.glassprobe.api.store.StoreFixtures.EU;
import static org.glassprobe.api.store.StoreFixtures.T0;
import static org.glassprobe.api.store.StoreFixtures.US;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.ingest.IngestCounts;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.journey.JourneyFacts;
import org.glassprobe.api.journey.JourneyObject;
import org.glassprobe.api.journey.JourneyRead;
import org.glassprobe.api.journey.JourneyStore;
import org.glassprobe.api.rollup.LatencyHistogram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link JourneyStore} promises, on H2 and on PostgreSQL: objects and reads are written with
 * their results by {@link JdbcIngestStore} (once, however often the result is sent), the newest
 * object comes with its predecessor's sha256, reads fold into hour roll-ups exactly once, and
 * retention keeps each check's newest object.
 */
class JourneyStoreContractTest extends StoreDatabases {
    private static final long HOUR = 3_600_000;
    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String SHA_C = "c".repeat(64);

    static ResultRow writer(String check, Instant round, String sha256) {
        ResultRow plain = StoreFixtures.passed(check, round, 300);
        JourneyObject object = new JourneyObject(plain.id(), check, round, EU.name(), EU.region(),
                "http://127.0.0.1:8081/images/" + plain.id(), sha256, 456, "image/png", "images/glassprobe.png",
                "upload", round.plusMillis(153));
        return new ResultRow(plain.id(), 1, null, plain.body(), plain.sample(), false, null, null,
                JourneyFacts.published(object));
    }

    static ResultRow reader(Caller.ProbeCaller probe, String check, UUID object, Instant round, Double propagationMs,
            boolean ok) {
        ResultRow plain = ok ? StoreFixtures.passed(check, round, 900) : StoreFixtures.failed(check, round);
        JourneyRead read = new JourneyRead(plain.id(), check, probe.region(), probe.name(), round, round.plusMillis(40),
                object, "eu-west", ok, propagationMs, propagationMs != null && propagationMs < 100, 3,
                new JourneyRead.FailuresBefore(2, 1, 0, 0));
        return new ResultRow(plain.id(), 1, plain.errorMessage(), plain.body(), plain.sample(), false, null, null,
                JourneyFacts.read(read));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void objects_and_reads_are_stored_with_their_results_once(String database) throws Exception {
        Database db = open(database);
        JdbcIngestStore ingest = new JdbcIngestStore(db);
        JourneyStore journeys = new JdbcJourneyStore(db);
        assertThat(journeys.newest("img")).isEmpty();

        ResultRow first = writer("img", T0, SHA_A);
        ResultRow second = writer("img", T0.plusSeconds(30), SHA_B);
        ResultRow read = reader(US, "img", second.id(), T0.plusSeconds(30), 2013.0, true);
        assertThat(ingest.ingest(EU, List.of(second, first), T0.plusSeconds(31))).isEqualTo(new IngestCounts(2, 0, 0));
        assertThat(ingest.ingest(US, List.of(read), T0.plusSeconds(33))).isEqualTo(new IngestCounts(1, 0, 0));
        assertThat(ingest.ingest(US, List.of(read), T0.plusSeconds(34))).as("sent again").isEqualTo(new IngestCounts(0, 1, 0));

        JourneyStore.Newest newest = journeys.newest("img").orElseThrow();
        assertThat(newest.object()).isEqualTo(second.journey().published());
        assertThat(newest.previousSha256()).isEqualTo(SHA_A);
        assertThat(journeys.reads("img", 0, Long.MAX_VALUE)).containsExactly(read.journey().read());
        assertThat(journeys.unrolledReads("img", 0, Long.MAX_VALUE)).containsExactly(read.journey().read());
        assertThat(journeys.reads("img", T0.plusSeconds(31).toEpochMilli(), Long.MAX_VALUE)).as("by round").isEmpty();
        assertThat(journeys.newest("other")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void of_one_round_the_latest_upload_is_the_newest(String database) throws Exception {
        Database db = open(database);
        JdbcIngestStore ingest = new JdbcIngestStore(db);
        ResultRow early = writer("img", T0, SHA_A);
        JourneyObject o = early.journey().published();
        ResultRow later = writer("img", T0, SHA_C);
        JourneyObject l = later.journey().published();
        later = new ResultRow(later.id(), 1, null, later.body(), later.sample(), false, null, null, JourneyFacts.published(
                new JourneyObject(l.id(), l.check(), l.round(), "eu-2", l.region(), l.url(), l.sha256(), l.size(),
                        null, null, null, o.uploadedAt().plusMillis(5))));
        ingest.ingest(EU, List.of(later, early), T0);
        JourneyStore.Newest newest = new JdbcJourneyStore(db).newest("img").orElseThrow();
        assertThat(newest.object().sha256()).isEqualTo(SHA_C);
        assertThat(newest.object().contentType()).as("not said: null").isNull();
        assertThat(newest.previousSha256()).isEqualTo(SHA_A);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reads_fold_into_hour_rollups_once_and_retention_keeps_the_newest_object(String database) throws Exception {
        Database db = open(database);
        JdbcIngestStore ingest = new JdbcIngestStore(db);
        JourneyStore journeys = new JdbcJourneyStore(db);
        Instant hour = Instant.ofEpochMilli(Math.floorDiv(T0.toEpochMilli(), HOUR) * HOUR);
        ResultRow a = writer("img", hour, SHA_A);
        ResultRow b = writer("img", hour.plusSeconds(3600), SHA_B);
        ingest.ingest(EU, List.of(a, b), T0);
        ingest.ingest(US, List.of(reader(US, "img", a.id(), hour, 1000.0, true),
                reader(US, "img", a.id(), hour.plusSeconds(30), 3000.0, true),
                reader(US, "img", a.id(), hour.plusSeconds(60), 50.0, true),
                reader(US, "img", a.id(), hour.plusSeconds(90), null, false),
                reader(US, "img", b.id(), hour.plusSeconds(3600), 700.0, true)), T0);

        assertThat(journeys.rollUpNext(3)).isEqualTo(3);
        assertThat(journeys.rollUpNext(100)).isEqualTo(2);
        assertThat(journeys.rollUpNext(100)).isZero();
        assertThat(journeys.unrolledReads("img", 0, Long.MAX_VALUE)).isEmpty();
        List<JourneyStore.HourRow> hours = journeys.hours("img", 0, Long.MAX_VALUE);
        assertThat(hours).extracting(JourneyStore.HourRow::bucketStart)
                .containsExactly(hour.toEpochMilli(), hour.toEpochMilli() + HOUR);
        JourneyStore.HourRow first = hours.get(0);
        assertThat(first.region()).isEqualTo("us-east");
        assertThat(first.reads()).isEqualTo(4);
        assertThat(first.measured()).isEqualTo(3);
        assertThat(first.notInTime()).isEqualTo(1);
        assertThat(first.upperBounds()).isEqualTo(1);
        assertThat(first.maxMs()).isEqualTo(3000.0);
        assertThat(LatencyHistogram.decode(first.histogram()).count()).isEqualTo(3);
        assertThat(hours.get(1).maxMs()).isEqualTo(700.0);

        ingest.ingest(US, List.of(reader(US, "img", a.id(), hour.plusSeconds(120), 4000.0, true)), T0);
        journeys.rollUpNext(100);
        assertThat(journeys.hours("img", 0, Long.MAX_VALUE).get(0)).as("a late read merges into its hour")
                .satisfies(h -> {
                    assertThat(h.reads()).isEqualTo(5);
                    assertThat(h.maxMs()).isEqualTo(4000.0);
                });

        ResultRow unfolded = reader(US, "img", a.id(), hour.plusSeconds(150), 10.0, true);
        ingest.ingest(US, List.of(unfolded), T0);
        JourneyStore.Deleted deleted = journeys.deleteExpired(hour.plusSeconds(7200).toEpochMilli(),
                hour.toEpochMilli());
        assertThat(deleted).as("folded reads go, the one not folded stays; the newest object stays")
                .isEqualTo(new JourneyStore.Deleted(6, 1, 0));
        assertThat(journeys.reads("img", 0, Long.MAX_VALUE)).containsExactly(unfolded.journey().read());
        assertThat(journeys.newest("img").orElseThrow().object().id()).isEqualTo(b.id());
        assertThat(journeys.newest("img").orElseThrow().previousSha256()).isNull();
        assertThat(journeys.deleteExpired(0, hour.toEpochMilli() + HOUR).hours()).isEqualTo(1);
    }
}
