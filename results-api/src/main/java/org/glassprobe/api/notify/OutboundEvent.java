package org.glassprobe.api.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * An event on its way to subscribers: written to the outbox (one delivery per subscribed webhook)
 * in the same transaction as the state change that caused it.
 *
 * @param messageId the id every delivery of it carries ({@code webhook-id}), the same on every attempt
 * @param type      what happened
 * @param check     the check it is about, null for a probe's event
 * @param at        when it happened
 * @param payload   the JSON body, exactly as it will be signed and sent
 * @param orderKey  the sequence it belongs to (an incident, a probe): a webhook hears the events of
 *                  one sequence in order, and those of different ones independently
 */
public record OutboundEvent(String messageId, EventType type, String check, Instant at, String payload,
        String orderKey) {
    public OutboundEvent {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(payload, "payload");
    }
}
