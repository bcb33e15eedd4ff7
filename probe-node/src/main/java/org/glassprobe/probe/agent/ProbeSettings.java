package org.glassprobe.probe.agent;

import java.time.Duration;
import java.util.Objects;
import org.glassprobe.probe.command.CommandChannel;
import org.glassprobe.probe.command.Confirmations;
import org.glassprobe.probe.ship.Shipper;
import org.glassprobe.probe.spool.SpoolOptions;
import org.glassprobe.probe.sync.ApiClient;
import org.glassprobe.scheduler.Backoff;

/**
 * The probe's fixed values: what its parts are built with besides what a deployment sets
 * ({@link AgentSettings}, from flags and the config file). One list, so that none hides as a
 * literal in the code; {@link #defaults()} are the values every probe runs with.
 *
 * @param apiTimeout             bound on each call to the results API (10 s)
 * @param enrolTimeout           bound on the enrolment call, made once by a person (15 s)
 * @param apiConnectTimeout      bound on connecting to the API, within the call's (5 s)
 * @param apiMaxAnswerChars      the largest answer of the API the probe reads (16 Mi characters)
 * @param misfireAfter           a run that cannot start within this of its planned time is skipped and
 *                               reported as missed (1 s)
 * @param maxRetryDelay          the longest pause between a failed attempt and its confirming retry (1 s)
 * @param batchMaxResults        results in one batch to the API (500, the API's ingest.max-batch-results)
 * @param batchMaxBytes          bytes of one batch (4 MiB, within the API's ingest.max-batch-bytes of 8 MiB)
 * @param shipBackoffInitial     the wait after a first failed delivery, doubled after each further one,
 *                               drawn with full jitter (250 ms)
 * @param shipBackoffMax         the longest wait between deliveries (30 s)
 * @param shipPoll               how long the shipper waits for a new result before looking again (500 ms)
 * @param shipStopWait           at shutdown, how long to wait for the batch in flight (15 s)
 * @param spoolSegmentBytes      a spool segment file is closed past this size (8 MiB, as
 *                               {@link SpoolOptions#defaults()})
 * @param spoolSyncEvery         how often spooled results are forced to the disk (200 ms, as
 *                               {@link SpoolOptions#defaults()})
 * @param evidenceMaxWidth       pixels across of a failure screenshot sent with its result (960)
 * @param evidenceMaxBytes       bytes of that screenshot as a JPEG (120 KiB, well within the API's
 *                               ingest.max-result-bytes)
 * @param heartbeatMaxErrorChars characters of the last error a heartbeat carries (1000)
 * @param commandWait            how long the API may hold a request of the command channel (25 s, its most)
 * @param commandPause           the pause after an answer of the channel that came within it with nothing
 *                               new (1 s): never a loop of quick requests
 * @param commandBackoffInitial  the wait after a first failed request of the channel, doubled after each
 *                               further one, drawn with equal jitter (1 s)
 * @param commandBackoffMax      the longest wait between requests of the channel (30 s)
 * @param confirmationThreads    confirmation runs at once (4), on threads of their own
 * @param confirmationQueue      confirmation runs waiting for one of those threads (16); past it a
 *                               command is skipped
 */
public record ProbeSettings(Duration apiTimeout, Duration enrolTimeout, Duration apiConnectTimeout,
        int apiMaxAnswerChars, Duration misfireAfter, Duration maxRetryDelay, int batchMaxResults, long batchMaxBytes,
        Duration shipBackoffInitial, Duration shipBackoffMax, Duration shipPoll, Duration shipStopWait,
        long spoolSegmentBytes, Duration spoolSyncEvery, int evidenceMaxWidth, int evidenceMaxBytes,
        int heartbeatMaxErrorChars, Duration commandWait, Duration commandPause, Duration commandBackoffInitial,
        Duration commandBackoffMax, int confirmationThreads, int confirmationQueue) {

    public ProbeSettings {
        Objects.requireNonNull(apiTimeout, "apiTimeout");
        Objects.requireNonNull(enrolTimeout, "enrolTimeout");
        Objects.requireNonNull(apiConnectTimeout, "apiConnectTimeout");
        Objects.requireNonNull(misfireAfter, "misfireAfter");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(shipBackoffInitial, "shipBackoffInitial");
        Objects.requireNonNull(shipBackoffMax, "shipBackoffMax");
        Objects.requireNonNull(shipPoll, "shipPoll");
        Objects.requireNonNull(shipStopWait, "shipStopWait");
        Objects.requireNonNull(spoolSyncEvery, "spoolSyncEvery");
        Objects.requireNonNull(commandWait, "commandWait");
        Objects.requireNonNull(commandPause, "commandPause");
        Objects.requireNonNull(commandBackoffInitial, "commandBackoffInitial");
        Objects.requireNonNull(commandBackoffMax, "commandBackoffMax");
    }

    /** The values every probe runs with. */
    public static ProbeSettings defaults() {
        return new ProbeSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(5),
                16 * 1024 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(1), 500, 4L * 1024 * 1024,
                Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(15),
                SpoolOptions.defaults().segmentBytes(), SpoolOptions.defaults().syncEvery(), 960, 120 * 1024, 1000,
                Duration.ofSeconds(25), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(30), 4, 16);
    }

    /** How the agent calls the API. */
    public ApiClient.Options api() {
        return new ApiClient.Options(apiTimeout, apiConnectTimeout, apiMaxAnswerChars);
    }

    /** How {@code enrol} calls the API. */
    public ApiClient.Options enrolment() {
        return new ApiClient.Options(enrolTimeout, apiConnectTimeout, apiMaxAnswerChars);
    }

    /** The spool, bounded as the deployment says. */
    public SpoolOptions spool(long maxBytes) {
        // withMaxBytes shrinks the segments to fit a small bound
        return new SpoolOptions(Math.max(maxBytes, 2 * spoolSegmentBytes), spoolSegmentBytes, spoolSyncEvery)
                .withMaxBytes(maxBytes);
    }

    /** How the command channel paces its requests. */
    public CommandChannel.Options commands() {
        return new CommandChannel.Options(commandWait, commandPause, commandPause,
                new Backoff(commandBackoffInitial, commandBackoffMax, Backoff.Jitter.EQUAL, Math::random));
    }

    /** How confirmation runs are run, at most {@code perMinute} started in a minute. */
    public Confirmations.Options confirmations(int perMinute) {
        return new Confirmations.Options(perMinute, confirmationThreads, confirmationQueue);
    }

    /** How results are sent: the bounds of a batch, the backoff after failures, the waits. */
    public Shipper.Options shipping() {
        return new Shipper.Options(new Shipper.Limits(batchMaxResults, batchMaxBytes),
                new Backoff(shipBackoffInitial, shipBackoffMax, Backoff.Jitter.FULL, Math::random), shipPoll);
    }
}
