package org.glassprobe.probe.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.glassprobe.probe.spool.SpoolStats;
import org.glassprobe.scenarios.result.CheckResult;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scheduler.SchedulerStats;

/**
 * The probe's own metrics. The latest result of each check uses blackbox_exporter's names
 * ({@code probe_success}, {@code probe_duration_seconds}, {@code probe_http_duration_seconds} by
 * phase, {@code probe_http_status_code}, {@code probe_ssl_earliest_cert_expiry},
 * {@code probe_tls_version_info}) so existing dashboards and alerts apply; the probe's
 * health uses {@code glassprobe_probe_*}.
 */
public final class ProbeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    // Without exemplars: no tracer gives them a trace id here, and sampling them scheduled a task on
    // client_java's timer thread for most values set (2.3% of the probe's allocation at 1,000 checks/s).
    private final Gauge success = Gauge.builder().withoutExemplars().name("probe_success")
            .help("Whether the check's latest run passed (1) or failed (0)").labelNames("check").register(registry);
    private final Gauge duration = Gauge.builder().withoutExemplars().name("probe_duration_seconds")
            .help("How long the check's latest run took").labelNames("check").register(registry);
    private final Gauge phases = Gauge.builder().withoutExemplars().name("probe_http_duration_seconds")
            .help("Time of each network phase of the latest run, summed over its HTTP steps")
            .labelNames("check", "phase").register(registry);
    private final Gauge status = Gauge.builder().withoutExemplars().name("probe_http_status_code")
            .help("HTTP status of the last HTTP step of the latest run").labelNames("check").register(registry);
    private final Gauge certificateExpiry = Gauge.builder().withoutExemplars().name("probe_ssl_earliest_cert_expiry")
            .help("When the first certificate to expire of the chains the latest run was shown expires, in Unix"
                    + " seconds").labelNames("check").register(registry);
    private final Gauge tlsVersion = Gauge.builder().withoutExemplars().name("probe_tls_version_info")
            .help("The TLS version the latest run negotiated (of the step whose chain expires first)")
            .labelNames("check", "version").register(registry);
    private final Counter runs = Counter.builder().withoutExemplars().name("glassprobe_probe_runs")
            .help("Check runs by outcome (ok, or the error kind)").labelNames("check", "outcome").register(registry);
    private final Counter missed = Counter.builder().withoutExemplars().name("glassprobe_probe_missed_runs")
            .help("Planned runs skipped because they could not start on time").labelNames("check")
            .register(registry);
    private final Counter confirmations = Counter.builder().withoutExemplars().name("glassprobe_probe_confirmations")
            .help("Confirmation runs the results API asked for, by outcome (ran, skipped_deadline, skipped_limit,"
                    + " skipped_unknown_check)").labelNames("check", "outcome").register(registry);
    private final Gauge commandChannelUp = Gauge.builder().withoutExemplars()
            .name("glassprobe_probe_command_channel_up")
            .help("Whether the last request of the command channel to the results API succeeded (1) or not (0)")
            .register(registry);
    /**
     * Every run's lateness, counted since start: a rate over any range gives its percentiles for
     * exactly that range (the p50/p99 gauges cover the last 10,000 runs, whenever they were).
     * Buckets are fine around the 20 ms a probe is meant to keep its p99 under.
     */
    private final Histogram lateness = Histogram.builder().withoutExemplars().name("glassprobe_probe_lateness_seconds")
            .help("Lateness of each run (actual minus planned start)").classicOnly()
            .classicUpperBounds(0.001, 0.002, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03, 0.04,
                    0.05, 0.075, 0.1, 0.25, 0.5, 1.0)
            .register(registry);

    private static final String[] PHASES = {"resolve", "connect", "tls", "processing", "transfer"};

    /**
     * Each check's data points that every run sets, looked up once: a label lookup per value cost
     * more than the value. The HTTP ones exist only while the check's latest run made HTTP requests.
     */
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    private final class Series {
        final GaugeDataPoint success;
        final GaugeDataPoint duration;
        final CounterDataPoint ok;

        Series(String check) {
            success = ProbeMetrics.this.success.labelValues(check);
            duration = ProbeMetrics.this.duration.labelValues(check);
            ok = runs.labelValues(check, "ok");
        }
    }

    public ProbeMetrics() {
        JvmMetrics.builder().register(registry);
    }

    /**
     * Publishes the probe's moving parts (spool, scheduler, shipper counters) through callbacks.
     *
     * @param shipped the shipper's counts: results delivered, rejected for good, and acknowledged as unassigned
     */
    public void watch(Supplier<SpoolStats> spool, Supplier<SchedulerStats> scheduler, Supplier<long[]> shipped) {
        GaugeWithCallback.builder().name("glassprobe_probe_spool_pending").help("Results waiting to be delivered")
                .callback(cb -> cb.call(spool.get().pending())).register(registry);
        GaugeWithCallback.builder().name("glassprobe_probe_spool_bytes").help("Bytes of the spool on disk")
                .callback(cb -> cb.call(spool.get().bytes())).register(registry);
        CounterWithCallback.builder().name("glassprobe_probe_spool_dropped")
                .help("Results dropped because the spool was full (never delivered)")
                .callback(cb -> cb.call(spool.get().dropped())).register(registry);
        GaugeWithCallback.builder().name("glassprobe_probe_checks").help("Checks scheduled on this probe")
                .callback(cb -> cb.call(scheduler.get().jobs())).register(registry);
        GaugeWithCallback.builder().name("glassprobe_probe_running_checks").help("Check runs in progress")
                .callback(cb -> cb.call(scheduler.get().running())).register(registry);
        // Two plain gauges, not a gauge with a quantile label: the scheduler keeps a window of recent
        // runs, not the count and sum a Prometheus summary must have, and promtool refuses the label.
        GaugeWithCallback.builder().name("glassprobe_probe_lateness_p50_seconds")
                .help("Median lateness of the recent runs (actual minus planned start)")
                .callback(cb -> cb.call(scheduler.get().latenessP50().toNanos() / 1e9)).register(registry);
        GaugeWithCallback.builder().name("glassprobe_probe_lateness_p99_seconds")
                .help("99th percentile lateness of the recent runs (actual minus planned start)")
                .callback(cb -> cb.call(scheduler.get().latenessP99().toNanos() / 1e9)).register(registry);
        CounterWithCallback.builder().name("glassprobe_probe_results_delivered")
                .help("Results acknowledged by the results API").callback(cb -> cb.call(shipped.get()[0]))
                .register(registry);
        CounterWithCallback.builder().name("glassprobe_probe_results_rejected")
                .help("Results the results API refused for good (dropped)").callback(cb -> cb.call(shipped.get()[1]))
                .register(registry);
        CounterWithCallback.builder().name("glassprobe_probe_results_unassigned")
                .help("Results the results API acknowledged without storing: run after their check left this probe's"
                        + " region, before the probe heard of it").callback(cb -> cb.call(shipped.get()[2]))
                .register(registry);
    }

    /** Records a check's latest result. */
    public void record(CheckResult result) {
        String check = result.check();
        Series series = this.series.computeIfAbsent(check, Series::new);
        series.success.set(result.ok() ? 1 : 0);
        series.duration.set(result.durationMs() / 1000.0);
        double[] sums = new double[PHASES.length];
        boolean http = false;
        Integer lastStatus = null;
        for (StepResult step : result.steps()) {
            if (step.kind().equals("http") && !step.cleanupStep()) { // clean-up is not the journey's latency
                http = true;
                Phases p = step.phases();
                sums[0] += p.resolve();
                sums[1] += p.connect();
                sums[2] += p.tls();
                sums[3] += p.processing();
                sums[4] += p.transfer();
                lastStatus = step.status() == null ? lastStatus : step.status();
            }
        }
        if (http) {
            for (int i = 0; i < PHASES.length; i++) {
                phases.labelValues(check, PHASES[i]).set(sums[i] / 1000.0);
            }
            // As blackbox_exporter: an HTTP request that got no answer is status 0.
            status.labelValues(check).set(lastStatus == null ? 0 : lastStatus);
        } else {
            // A browser or script run measured no HTTP status and no phase: say nothing rather than 0,
            // which the usual "status outside 200-399" alert would read as a failure.
            forgetHttp(check);
        }
        tls(check, result);
        if (result.ok()) {
            series.ok.inc();
        } else {
            runs.labelValues(check, result.error().kind().wireName()).inc();
        }
    }

    /**
     * The certificate expiry and TLS version of the run's step whose chain expires first; none when
     * the run saw no TLS (a version that changed leaves no series of the old one).
     */
    private void tls(String check, CheckResult result) {
        var tls = result.earliestCertificate();
        tlsVersion.removeIf(labels -> labels.get(0).equals(check)
                && (tls.isEmpty() || !labels.get(1).equals(tls.get().version())));
        if (tls.isEmpty()) {
            certificateExpiry.remove(check);
            return;
        }
        certificateExpiry.labelValues(check).set(tls.get().earliestExpiry().toEpochMilli() / 1000.0);
        if (tls.get().version() != null) {
            tlsVersion.labelValues(check, tls.get().version()).set(1);
        }
    }

    /** Counts a run's lateness, once it has started. */
    public void lateness(Duration late) {
        lateness.observe(late.toNanos() / 1e9);
    }

    public void missed(String check, int count) {
        missed.labelValues(check).inc(count);
    }

    /** Counts a confirmation run asked for, by what became of it (the outcomes the counter's help names). */
    public void confirmation(String check, String outcome) {
        confirmations.labelValues(check, outcome).inc();
    }

    /** Whether the command channel's last request succeeded. */
    public void commandChannelUp(boolean up) {
        commandChannelUp.set(up ? 1 : 0);
    }

    /** A check left this probe: its latest-result series go away (counters stay, as counters do). */
    public void forget(String check) {
        series.remove(check);
        success.remove(check);
        duration.remove(check);
        forgetHttp(check);
        certificateExpiry.remove(check);
        tlsVersion.removeIf(labels -> labels.get(0).equals(check));
    }

    private void forgetHttp(String check) {
        status.remove(check);
        phases.removeIf(labels -> labels.get(0).equals(check));
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
    }
}
