package org.glassprobe.scenarios.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;

/**
 * A DNS query: one name and record type, asked of a given server or of the system's resolvers,
 * over UDP (TCP when the answer comes back truncated) or over TCP alone.
 *
 * @param name       the step's name in the check
 * @param timeout    the step's own deadline, if any
 * @param query      the name to look up (absolute: no search domains are added)
 * @param type       the record type asked for
 * @param server     {@code host[:port]} of the server to ask; empty for the system's resolvers
 * @param transport  how the query is sent
 * @param conditions the conditions on the answer, the implicit one last
 */
public record DnsStep(String name, Optional<Duration> timeout, Template query, RecordType type,
        Optional<Template> server, Transport transport, List<Condition> conditions) implements Step {

    public static final String KIND = "dns";

    /** The record types a dns step asks for; others are refused when the check is read. */
    public enum RecordType {
        A, AAAA, CNAME, MX, TXT, NS, SOA
    }

    /** How the query travels. */
    public enum Transport {
        /** UDP, then TCP when the answer is truncated (its TC bit set), as resolvers do. */
        UDP,
        /** TCP only. */
        TCP;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DnsStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(transport, "transport");
        conditions = List.copyOf(conditions);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
