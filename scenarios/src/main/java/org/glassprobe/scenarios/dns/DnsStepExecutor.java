package org.glassprobe.scenarios.dns;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.Facts;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.parse.YamlNode;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.DnsResponse;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepExecutor;
import org.glassprobe.scenarios.run.StepFailure;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;

/**
 * Runs DNS queries with dnsjava: over UDP, again over TCP when the answer comes back truncated (or
 * over TCP only), to the step's server or to each of the system's resolvers in turn, all within
 * the step's deadline. The whole query time is the {@code resolve} phase.
 */
public final class DnsStepExecutor implements StepExecutor<DnsStep> {
    /** The largest UDP answer asked for: DNS Flag Day 2020's size, which dig and the big resolvers use. */
    static final int EDNS_PAYLOAD = 1232;

    private final Supplier<List<InetSocketAddress>> systemResolvers;

    /** Asks the resolvers /etc/resolv.conf names (read again for every query) when a step names no server. */
    public DnsStepExecutor() {
        this(DnsStepExecutor::resolvConf);
    }

    /** Asks these resolvers when a step names no server. */
    public DnsStepExecutor(Supplier<List<InetSocketAddress>> systemResolvers) {
        this.systemResolvers = systemResolvers;
    }

    @Override
    public String kind() {
        return DnsStep.KIND;
    }

    @Override
    public Class<DnsStep> stepType() {
        return DnsStep.class;
    }

    @Override
    public StepResult execute(DnsStep step, RunContext context) {
        long deadline = context.stepDeadline(step);
        String written = context.render(step.query());
        if (!DnsNames.isName(written)) {
            throw new StepFailure(ErrorKind.SCRIPT, YamlNode.quote(written) + " (the dns step's name, after variables)"
                    + " is not a DNS name; " + DnsNames.NAME_RULE);
        }
        Name name;
        try {
            name = Name.fromString(written, Name.root);
        } catch (TextParseException e) {
            throw new StepFailure(ErrorKind.SCRIPT, YamlNode.quote(written) + " is not a DNS name: " + e.getMessage());
        }
        String shownName = written.equals(".") ? "." : written.endsWith(".") ? written.substring(0, written.length() - 1)
                : written;
        String question = shownName + " " + step.type();
        Optional<DnsNames.Server> given = step.server().map(t -> {
            String rendered = context.render(t);
            return DnsNames.server(rendered).orElseThrow(() -> new StepFailure(ErrorKind.SCRIPT,
                    YamlNode.quote(rendered) + " (the dns step's server, after variables) is not a DNS server; "
                            + DnsNames.SERVER_RULE));
        });
        StepResult.Request request = new StepResult.Request("QUERY", (given.isPresent() ? "dns://" + given.get() + "/"
                : "dns:") + (shownName.equals(".") ? "" : shownName) + "?type=" + step.type());

        long start = System.nanoTime();
        List<InetSocketAddress> servers;
        String asked;
        if (given.isPresent()) {
            DnsNames.Server server = given.get();
            try {
                servers = List.of(new InetSocketAddress(InetAddress.getByName(server.host()), server.port()));
            } catch (UnknownHostException e) {
                return failed(step, start, request, new RunError(ErrorKind.DNS, null, "cannot resolve the DNS server's"
                        + " host " + server.host() + ": " + (e.getMessage() == null ? "unknown host" : e.getMessage())));
            }
            asked = server.toString();
        } else {
            servers = systemResolvers.get();
            if (servers.isEmpty()) {
                return failed(step, start, request, new RunError(ErrorKind.DNS, null, "this probe has no DNS server to"
                        + " ask for " + question + ": /etc/resolv.conf names none; give the step a server, e.g."
                        + " server: 127.0.0.1:53"));
            }
            asked = "the system resolver (" + String.join(", ", servers.stream().map(DnsStepExecutor::show).toList())
                    + ")";
        }

        List<String> troubles = new ArrayList<>();
        boolean onlyTimeouts = true;
        Exchange last = null;
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            long share = (deadline - System.nanoTime()) / (servers.size() - i);
            last = exchange(server, name, step, System.nanoTime() + share, context);
            if (last.response() != null) {
                return answered(step, start, request, question, show(server), last, context);
            }
            onlyTimeouts &= last.timedOut();
            troubles.add(show(server) + ": " + last.trouble());
            if (context.isCancelled() || System.nanoTime() >= deadline) {
                break;
            }
        }
        String why;
        if (servers.size() == 1 && onlyTimeouts) {
            why = "no answer from " + asked + " for " + question + " within " + context.deadlineWords(step) + " (over "
                    + String.join(", then ", last.transports()) + ")";
        } else if (servers.size() == 1) {
            why = "cannot ask " + asked + " for " + question + ": " + last.trouble()
                    + " (is a DNS server listening there?)";
        } else {
            why = "no answer from " + asked + " for " + question
                    + (onlyTimeouts ? " within " + context.deadlineWords(step) : "") + ": " + String.join("; ", troubles);
        }
        return failed(step, start, request, new RunError(onlyTimeouts ? ErrorKind.TIMEOUT : ErrorKind.DNS, null, why));
    }

    /**
     * One server's answer, or why there was none.
     *
     * @param response   the answer, or null
     * @param transports how the query went, in order ({@code UDP}, then {@code TCP} after a truncated answer)
     * @param timedOut   no answer within the time given (rather than a refusal)
     * @param trouble    what went wrong, for the message, when there is no answer
     */
    private record Exchange(Message response, List<String> transports, boolean timedOut, String trouble) {}

    private static Exchange exchange(InetSocketAddress server, Name name, DnsStep step, long until,
            RunContext context) {
        List<String> transports = new ArrayList<>();
        boolean tcp = step.transport() == DnsStep.Transport.TCP;
        while (true) {
            transports.add(tcp ? "TCP" : "UDP");
            long remaining = until - System.nanoTime();
            if (remaining <= 0) {
                return new Exchange(null, transports, true, "no answer in time (over " + String.join(", then ", transports)
                        + ")");
            }
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTCP(tcp);
            resolver.setIgnoreTruncation(true); // seen here, so that the fallback to TCP is known and timed
            resolver.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
            // dnsjava's own timer is coarse (about a second); the wait below is the bound, this one is a backstop
            resolver.setTimeout(Duration.ofNanos(remaining).plusSeconds(1));
            Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, Type.value(step.type().name()),
                    DClass.IN));
            CompletableFuture<Message> pending = resolver.sendAsync(query).toCompletableFuture();
            context.onCancel(() -> pending.cancel(true));
            Message response;
            try {
                response = pending.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | CancellationException e) {
                pending.cancel(true);
                return new Exchange(null, transports, true, "no answer in time (over " + String.join(", then ",
                        transports) + ")");
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                return new Exchange(null, transports, true, "interrupted (over " + String.join(", then ", transports)
                        + ")");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SocketTimeoutException) {
                    return new Exchange(null, transports, true, "no answer in time (over " + String.join(", then ",
                            transports) + ")");
                }
                String how = tcp ? "TCP" : "UDP";
                String trouble = cause instanceof PortUnreachableException ? "port unreachable over " + how
                        : cause instanceof ConnectException ? "connection refused over " + how
                        : how + " query failed: " + (cause instanceof IOException && cause.getMessage() != null
                                ? cause.getMessage() : cause.toString());
                return new Exchange(null, transports, false, trouble);
            }
            if (!tcp && response.getHeader().getFlag(Flags.TC)) {
                tcp = true; // the answer did not fit in a datagram: ask again over TCP, as resolvers do
                continue;
            }
            return new Exchange(response, transports, false, null);
        }
    }

    private static StepResult answered(DnsStep step, long start, StepResult.Request request, String question,
            String server, Exchange exchange, RunContext context) {
        double total = CheckRunner.millis(System.nanoTime() - start);
        Message response = exchange.response();
        String rcode = Rcode.string(response.getRcode());
        int type = Type.value(step.type().name());
        List<String> answers = response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type)
                .map(DnsStepExecutor::text)
                .sorted()
                .toList();
        String body = String.join("\n", answers);
        Facts facts = (kind, argument) -> switch (kind) {
            case DNS_RCODE -> Optional.of(rcode);
            case BODY -> Optional.of(body);
            case RESPONSE_TIME -> Optional.of(BigDecimal.valueOf(total).stripTrailingZeros().toPlainString());
            default -> Optional.empty();
        };
        List<ConditionResult> results = new ArrayList<>();
        for (Condition condition : step.conditions()) {
            results.add(condition.evaluate(facts, context::lookup));
        }
        RunError error = null;
        for (int i = 0; i < results.size() && error == null; i++) {
            Placeholder left = step.conditions().get(i).left();
            if (!results.get(i).ok() && left.kind() == Placeholder.Kind.DNS_RCODE
                    && left.function() == Placeholder.Function.NONE) {
                error = new RunError(ErrorKind.DNS, null, question + ": " + rcode + " from " + server + " (condition "
                        + label(results.get(i)) + " failed)");
            }
        }
        Optional<ConditionResult> failed = results.stream().filter(r -> !r.ok()).findFirst();
        if (error == null && failed.isPresent()) {
            error = new RunError(ErrorKind.CONDITION, null, "condition " + label(failed.get()) + " failed: actual "
                    + (failed.get().actual() == null ? "nothing (no such value)" : YamlNode.quote(failed.get().actual())));
        }
        String transport = exchange.transports().get(exchange.transports().size() - 1).toLowerCase(java.util.Locale.ROOT);
        return new StepResult(step.name(), step.kind(), error == null, total, request, null,
                new Phases(total, 0, 0, 0, 0), results, null, null, null, null, error, null, null,
                new DnsResponse(server, transport, rcode, answers), null, null);
    }

    private static String label(ConditionResult c) {
        return c.condition() + (c.implicit() ? " (default)" : "");
    }

    private static StepResult failed(DnsStep step, long start, StepResult.Request request, RunError error) {
        double total = CheckRunner.millis(System.nanoTime() - start);
        return new StepResult(step.name(), step.kind(), false, total, request, null, new Phases(total, 0, 0, 0, 0),
                null, null, null, null, null, error);
    }

    /** A record's data as conditions compare it: an address, a name with its final dot, TXT's strings joined. */
    static String text(org.xbill.DNS.Record record) {
        if (record instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (record instanceof AAAARecord aaaa) {
            return ipv6(aaaa.getAddress().getAddress());
        }
        if (record instanceof TXTRecord txt) {
            return String.join("", txt.getStrings()); // a long TXT value is split into strings of 255 bytes
        }
        return record.rdataToString();
    }

    /** An IPv6 address in its shortest form (RFC 5952): 2001:db8::1, not 2001:db8:0:0:0:0:0:1. */
    static String ipv6(byte[] address) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single 0 word is not shortened
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }

    private static String show(InetSocketAddress server) {
        String host = server.getAddress() == null ? server.getHostString() : server.getAddress().getHostAddress();
        if (server.getAddress() instanceof java.net.Inet6Address v6) {
            host = ipv6(v6.getAddress());
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    private static List<InetSocketAddress> resolvConf() {
        ResolvConfResolverConfigProvider conf = new ResolvConfResolverConfigProvider();
        conf.initialize(); // a missing or unreadable file leaves no servers, which the step reports
        return conf.servers();
    }
}
