package org.glassprobe.api.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The API's own counters, registered in the API's registry (never the global default one). */
public final class ApiMetrics {
    private final Counter results;
    private final Counter batches;
    private final Counter heartbeats;
    private final Counter rolledUp;
    private final Counter rounds;
    private final Counter asks;

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
        rounds = Counter.builder().name("glassprobe_confirmation_rounds_total")
                .help("Confirmation rounds started, by reason: failure (a region's run failed) or recovery (a failing"
                        + " region's run passed)")
                .labelNames("reason").register(registry);
        asks = Counter.builder().name("glassprobe_confirmation_asks_total")
                .help("Probes asked for a confirmation run, by outcome: asked, or over_budget (the probe was asked"
                        + " outages.confirm-max-runs-per-minute times in the last minute)")
                .labelNames("outcome").register(registry);
        rounds.labelValues("failure");
        rounds.labelValues("recovery");
        asks.labelValues("asked");
        asks.labelValues("over_budget");
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

    /** A confirmation round started: how many probes were asked and how many were over their budget. */
    public void confirmationRound(String reason, int asked, int overBudget) {
        rounds.labelValues(reason).inc();
        asks.labelValues("asked").inc(asked);
        asks.labelValues("over_budget").inc(overBudget);
    }
}
