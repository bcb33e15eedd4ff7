package org.glassprobe.scenarios.result;

import java.util.List;
import java.util.Objects;

/**
 * What a dns step was answered.
 *
 * @param server    who answered, {@code host:port} ({@code [v6]:port} for IPv6)
 * @param transport {@code udp}, or {@code tcp} when the query went over TCP (asked for, or after a
 *                  truncated UDP answer)
 * @param rcode     the response code: NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...
 * @param answers   the records of the type asked for, in their text form, sorted (what
 *                  {@code [BODY]} holds, one per line)
 */
public record DnsResponse(String server, String transport, String rcode, List<String> answers) {
    public DnsResponse {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(rcode, "rcode");
        answers = answers == null ? List.of() : List.copyOf(answers);
    }
}
