package org.glassprobe.api.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.ingest.ResultRow;
import org.glassprobe.api.liveness.LivenessStore;
import org.glassprobe.api.liveness.ProbeStatus;
import org.glassprobe.api.maintenance.MaintenanceWindow;
import org.glassprobe.api.notify.OutboundEvent;
import org.glassprobe.api.outage.Decision;
import org.glassprobe.api.webhook.Webhook;

/**
 * A write the API acknowledges (or announces), as the journal keeps it: the store operation and
 * its arguments, so that {@link JournalReplay} can do it again. Probes are named, not numbered:
 * a probe enrolled again after a loss gets a new number.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
    @JsonSubTypes.Type(value = JournalOp.Ingest.class, name = "ingest"),
    @JsonSubTypes.Type(value = JournalOp.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = JournalOp.Transition.class, name = "transition"),
    @JsonSubTypes.Type(value = JournalOp.Enrol.class, name = "enrol"),
    @JsonSubTypes.Type(value = JournalOp.ReplaceToken.class, name = "replace-token"),
    @JsonSubTypes.Type(value = JournalOp.DeleteProbe.class, name = "delete-probe"),
    @JsonSubTypes.Type(value = JournalOp.PutCheck.class, name = "put-check"),
    @JsonSubTypes.Type(value = JournalOp.DeleteCheck.class, name = "delete-check"),
    @JsonSubTypes.Type(value = JournalOp.CreateWebhook.class, name = "create-webhook"),
    @JsonSubTypes.Type(value = JournalOp.DeleteWebhook.class, name = "delete-webhook"),
    @JsonSubTypes.Type(value = JournalOp.CreateMaintenance.class, name = "create-maintenance"),
    @JsonSubTypes.Type(value = JournalOp.DeleteMaintenance.class, name = "delete-maintenance"),
    @JsonSubTypes.Type(value = JournalOp.PutSetting.class, name = "put-setting"),
    @JsonSubTypes.Type(value = JournalOp.Decide.class, name = "decide")})
sealed interface JournalOp {
    /** A probe's batch of results, validated. */
    record Ingest(String probe, List<ResultRow> rows, Instant receivedAt) implements JournalOp {}

    /** A heartbeat as judged: see {@link LivenessStore.HeartbeatWrite}. */
    record Heartbeat(String probe, LivenessStore.HeartbeatWrite write) implements JournalOp {}

    /** The watchdog moved a probe from the status it had with that last heartbeat to another. */
    record Transition(String probe, ProbeStatus from, Instant lastHeartbeatAt, ProbeStatus to, Instant at)
            implements JournalOp {}

    record Enrol(String name, String region, Map<String, String> labels, String tokenHash, Instant at)
            implements JournalOp {}

    record ReplaceToken(String name, String tokenHash) implements JournalOp {}

    record DeleteProbe(String name) implements JournalOp {}

    record PutCheck(StoredCheck check, String outagePolicy, int maxChecks) implements JournalOp {}

    record DeleteCheck(String name) implements JournalOp {}

    record CreateWebhook(Webhook webhook, String secret, int max) implements JournalOp {}

    record DeleteWebhook(String id) implements JournalOp {}

    record CreateMaintenance(MaintenanceWindow window, int max) implements JournalOp {}

    record DeleteMaintenance(String id) implements JournalOp {}

    record PutSetting(String name, String value) implements JournalOp {}

    /** A decision about a check with the events it put in the outbox. */
    record Decide(Decision decision, List<OutboundEvent> events, Instant at) implements JournalOp {}
}
