package org.glassprobe.api.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The API's own counters, registered in the API's registry (never the global default one). */
public final class ApiMetrics {
    private final Counter results;
    private final Counter batches;
    private final Counter heartbeats;
    private final Counter rolledUp;

    public ApiMetrics(PrometheusRegistry registry) {
        results = Counter.builder().name("glassprobe_results_ingested_total")
                .help("Results received from probes, by outcome: stored, duplicate (id seen before), expired (older"
                        + " than the raw retention), unassigned (run after their check left the probe's region)")
                .labelNames("outcome").register(registry);
        batches = Counter.builder().name("glassprobe_result_batches_total")
                .help("Result batches received, by outcome: accepted or rejected (4xx)")
                .labelNames("outcome").register(registry);
        heartbeats = Counter.builder().name("glassprobe_heartbeats_total")
                .help("Heartbeats received from probes").register(registry);
        rolledUp = Counter.builder().name("glassprobe_results_rolled_up_total")
                .help("Results folded into minute and hour roll-ups").register(registry);
        for (String outcome : new String[] {"stored", "duplicate", "expired", "unassigned"}) {
            results.labelValues(outcome);
        }
        batches.labelValues("accepted");
        batches.labelValues("rejected");
    }

    public void ingested(int stored, int duplicates, int expired, int unassigned) {
        results.labelValues("stored").inc(stored);
        results.labelValues("duplicate").inc(duplicates);
        results.labelValues("expired").inc(expired);
        results.labelValues("unassigned").inc(unassigned);
        batches.labelValues("accepted").inc();
    }

    public void rejectedBatch() {
        batches.labelValues("rejected").inc();
    }

    public void heartbeat() {
        heartbeats.inc();
    }

    public void rolledUp(long n) {
        rolledUp.inc(n);
    }
}
