package org.glassprobe.api.store;

import java.util.Optional;
import java.util.function.Consumer;
import org.glassprobe.api.auth.Caller;
import org.glassprobe.api.liveness.Probe;

/**
 * Does a journaled write again, through the store method that did it the first time. Each is
 * harmless when the database already has it (results by id, a heartbeat no newer than the last
 * one heard, a decision whose check has moved on, a probe or webhook that exists), so a record
 * replayed twice changes nothing the second time.
 */
public final class JournalReplay implements Consumer<JournalOp> {
    /** The stores a record can name. */
    public record Stores(JdbcProbeStore probes, JdbcIngestStore results, JdbcCheckStore checks,
            JdbcWebhookStore webhooks, JdbcMaintenanceStore maintenance, SettingsStore settings, JdbcOutageStore outages) {}

    private final Stores stores;

    public JournalReplay(Stores stores) {
        this.stores = stores;
    }

    @Override
    public void accept(JournalOp op) {
        if (op instanceof JournalOp.Ingest i) {
            probe(i.probe()).ifPresent(p -> stores.results().ingest(caller(p), i.rows(), i.receivedAt()));
        } else if (op instanceof JournalOp.Heartbeat h) {
            probe(h.probe()).filter(p -> p.lastHeartbeatAt() == null || h.write().heardAt().isAfter(p.lastHeartbeatAt()))
                    .ifPresent(p -> stores.probes().heartbeat(caller(p), h.write()));
        } else if (op instanceof JournalOp.Transition t) {
            probe(t.probe()).ifPresent(p -> stores.probes().transition(new Probe(p.id(), p.name(), p.region(),
                    p.labels(), p.enrolledAt(), t.from(), p.statusSince(), t.lastHeartbeatAt(), p.lastHeartbeat(),
                    p.clockSkewMs()), t.to(), t.at()));
        } else if (op instanceof JournalOp.Enrol e) {
            if (probe(e.name()).isEmpty()) {
                stores.probes().enrol(e.name(), e.region(), e.labels(), e.tokenHash(), e.at());
            }
        } else if (op instanceof JournalOp.ReplaceToken r) {
            stores.probes().replaceToken(r.name(), r.tokenHash());
        } else if (op instanceof JournalOp.DeleteProbe d) {
            stores.probes().delete(d.name());
        } else if (op instanceof JournalOp.PutCheck c) {
            stores.checks().put(c.check(), c.outagePolicy(), c.maxChecks());
        } else if (op instanceof JournalOp.DeleteCheck d) {
            stores.checks().delete(d.name());
        } else if (op instanceof JournalOp.CreateWebhook w) {
            if (stores.webhooks().find(w.webhook().id()).isEmpty()) {
                stores.webhooks().create(w.webhook(), w.secret(), w.max());
            }
        } else if (op instanceof JournalOp.DeleteWebhook d) {
            stores.webhooks().delete(d.id());
        } else if (op instanceof JournalOp.CreateMaintenance m) {
            if (stores.maintenance().list().stream().noneMatch(x -> x.id().equals(m.window().id()))) {
                stores.maintenance().create(m.window(), m.max());
            }
        } else if (op instanceof JournalOp.DeleteMaintenance d) {
            stores.maintenance().delete(d.id());
        } else if (op instanceof JournalOp.PutSetting s) {
            stores.settings().putIfAbsent(s.name(), s.value());
        } else if (op instanceof JournalOp.Decide d) {
            stores.outages().apply(d.decision(), d.events(), d.at());
        } else {
            throw new IllegalArgumentException("no replay for journal record " + op.getClass().getSimpleName());
        }
    }

    private static Caller.ProbeCaller caller(Probe p) {
        return new Caller.ProbeCaller(p.id(), p.name(), p.region());
    }

    private Optional<Probe> probe(String name) {
        return stores.probes().find(name);
    }
}
