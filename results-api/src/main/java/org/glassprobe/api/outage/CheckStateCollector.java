package org.glassprobe.api.outage;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * glassprobe's own decision on {@code /metrics}, so Alertmanager can route on the quorum rather
 * than on one probe's result: one series per check ({@code glassprobe_check_state}) and one per
 * check and region ({@code glassprobe_check_region_state}), each 1 and naming its state in the
 * {@code state} label, with when that state began. Read from the stored decisions at each scrape.
 */
public final class CheckStateCollector implements MultiCollector {
    private final Supplier<List<CheckStates.CheckState>> states;

    public CheckStateCollector(Supplier<List<CheckStates.CheckState>> states) {
        this.states = states;
    }

    /** The state's word in a label: operational, degraded, regional_failure, outage, maintenance, unknown. */
    public static String label(CheckStates.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder check = GaugeSnapshot.builder().name("glassprobe_check_state")
                .help("The check's state as glassprobe decided it by quorum (1 for the state named by the label)");
        GaugeSnapshot.Builder checkSince = GaugeSnapshot.builder().name("glassprobe_check_state_since_timestamp_seconds")
                .unit(Unit.SECONDS).help("When the check entered its state");
        GaugeSnapshot.Builder region = GaugeSnapshot.builder().name("glassprobe_check_region_state")
                .help("The check's state in the region (1 for the state named by the label)");
        for (CheckStates.CheckState s : states.get()) {
            check.dataPoint(point(Labels.of("check", s.check(), "state", label(s.state())), 1));
            if (s.since() != null) {
                checkSince.dataPoint(point(Labels.of("check", s.check()), s.since().toEpochMilli() / 1000.0));
            }
            for (CheckStates.RegionState r : s.regions()) {
                region.dataPoint(point(Labels.of("check", s.check(), "region", r.region(), "state", label(r.state())),
                        1));
            }
        }
        return MetricSnapshots.of(check.build(), checkSince.build(), region.build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("glassprobe_check_state", "glassprobe_check_state_since_timestamp_seconds",
                "glassprobe_check_region_state");
    }
}
