package org.glassprobe.api.query;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.glassprobe.api.liveness.Probe;

/**
 * The latest result of every check from every probe in blackbox_exporter's names
 * ({@code probe_success}, {@code probe_duration_seconds}, {@code probe_http_duration_seconds} by
 * phase, only for runs that measured a network phase; {@code probe_ssl_earliest_cert_expiry} and
 * {@code probe_tls_version_info}, only for runs that went over TLS) with {@code check}, {@code region} and
 * {@code probe} labels, and each probe's liveness ({@code glassprobe_probe_up}). The results of a
 * probe that is not up (new, late, down) are not exported. Read from the database at each scrape,
 * so every replica agrees.
 */
public final class ProbeResultsCollector implements MultiCollector {
    private final Supplier<List<LatestResult>> latest;
    private final Supplier<List<Probe>> probes;

    public ProbeResultsCollector(Supplier<List<LatestResult>> latest, Supplier<List<Probe>> probes) {
        this.latest = latest;
        this.probes = probes;
    }

    @Override
    public MetricSnapshots collect() {
        List<LatestResult> results = latest.get();
        List<Probe> known = probes.get();
        Set<String> alive = new HashSet<>();
        for (Probe p : known) {
            if (p.status().alive()) {
                alive.add(p.name());
            }
        }
        GaugeSnapshot.Builder success = GaugeSnapshot.builder().name("probe_success")
                .help("Whether the latest run of the check from this probe passed (1) or failed (0)");
        GaugeSnapshot.Builder duration = GaugeSnapshot.builder().name("probe_duration_seconds").unit(Unit.SECONDS)
                .help("How long the latest run of the check took (the sum of its steps)");
        GaugeSnapshot.Builder phases = GaugeSnapshot.builder().name("probe_http_duration_seconds").unit(Unit.SECONDS)
                .help("The latest run's time per network phase, summed over its steps");
        GaugeSnapshot.Builder started = GaugeSnapshot.builder().name("glassprobe_check_last_run_timestamp_seconds")
                .unit(Unit.SECONDS).help("When the latest run of the check from this probe started");
        GaugeSnapshot.Builder expiry = GaugeSnapshot.builder().name("probe_ssl_earliest_cert_expiry")
                .help("When the first certificate to expire of the chains the latest run was shown expires,"
                        + " in Unix seconds");
        GaugeSnapshot.Builder version = GaugeSnapshot.builder().name("probe_tls_version_info")
                .help("The TLS version the latest run negotiated (of the step whose chain expires first)");
        for (LatestResult r : results) {
            if (!alive.contains(r.probe())) {
                // A late or down probe's last result is old news: left at its last value, probe_success
                // would hold an alert open (or closed) for as long as the probe stays away. Its series go,
                // as blackbox_exporter's do when its target cannot be scraped; glassprobe_probe_up says 0.
                continue;
            }
            Labels labels = Labels.of("check", r.check(), "probe", r.probe(), "region", r.region());
            success.dataPoint(point(labels, r.ok() ? 1 : 0));
            duration.dataPoint(point(labels, r.durationMs() / 1000.0));
            started.dataPoint(point(labels, r.startedAt().toEpochMilli() / 1000.0));
            if (r.certificateExpiry() != null) {
                expiry.dataPoint(point(labels, r.certificateExpiry().toEpochMilli() / 1000.0));
            }
            if (r.tlsVersion() != null) {
                version.dataPoint(point(Labels.of("check", r.check(), "probe", r.probe(), "region", r.region(),
                        "version", r.tlsVersion()), 1));
            }
            double[] values = {r.resolveMs(), r.connectMs(), r.tlsMs(), r.processingMs(), r.transferMs()};
            if (values[0] + values[1] + values[2] + values[3] + values[4] == 0) {
                // A browser or script run with no network request of its own: no phase was measured,
                // and 0 s would read as a very fast site (no network exchange takes 0 µs in all phases).
                continue;
            }
            String[] names = {"resolve", "connect", "tls", "processing", "transfer"};
            for (int i = 0; i < names.length; i++) {
                phases.dataPoint(point(Labels.of("check", r.check(), "phase", names[i], "probe", r.probe(), "region",
                        r.region()), values[i] / 1000.0));
            }
        }
        GaugeSnapshot.Builder up = GaugeSnapshot.builder().name("glassprobe_probe_up")
                .help("Whether the probe is up (1: heartbeats arrive) or not (0: new, late or down)");
        GaugeSnapshot.Builder heartbeat = GaugeSnapshot.builder()
                .name("glassprobe_probe_last_heartbeat_timestamp_seconds").unit(Unit.SECONDS)
                .help("When the probe's last heartbeat arrived");
        for (Probe p : known) {
            Labels labels = Labels.of("probe", p.name(), "region", p.region());
            up.dataPoint(point(labels, p.status().alive() ? 1 : 0));
            if (p.lastHeartbeatAt() != null) {
                heartbeat.dataPoint(point(labels, p.lastHeartbeatAt().toEpochMilli() / 1000.0));
            }
        }
        List<MetricSnapshot> all = new ArrayList<>(List.of(success.build(), duration.build(), phases.build(),
                started.build(), expiry.build(), version.build(), up.build(), heartbeat.build()));
        return new MetricSnapshots(all);
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("probe_success", "probe_duration_seconds", "probe_http_duration_seconds",
                "glassprobe_check_last_run_timestamp_seconds", "probe_ssl_earliest_cert_expiry",
                "probe_tls_version_info", "glassprobe_probe_up",
                "glassprobe_probe_last_heartbeat_timestamp_seconds");
    }
}
