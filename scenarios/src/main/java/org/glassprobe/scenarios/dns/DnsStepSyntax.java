package org.glassprobe.scenarios.dns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.ConditionParser;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;
import org.glassprobe.scenarios.parse.Suggestions;
import org.glassprobe.scenarios.parse.YamlNode;

/**
 * How a DNS query is written: {@code dns: {name: www.example.org, type: A, server: 127.0.0.1:5353}}
 * with optional {@code transport: tcp}, and conditions on {@code [DNS_RCODE]}, {@code [BODY]} (the
 * answers, sorted, one per line) and {@code [RESPONSE_TIME]}. Reads text only (no dnsjava), so
 * the results API validates it as it validates every kind.
 */
public final class DnsStepSyntax implements StepSyntax {
    static final Set<Placeholder.Kind> PLACEHOLDERS =
            EnumSet.of(Placeholder.Kind.RESPONSE_TIME, Placeholder.Kind.BODY, Placeholder.Kind.DNS_RCODE);
    static final String IMPLICIT_RCODE = "[DNS_RCODE] == NOERROR";
    /** The response codes a server can answer with (RFC 1035, 2136, 6891), as conditions name them. */
    static final List<String> RCODES = List.of("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
            "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE", "BADVERS");
    private static final List<String> TYPES = Arrays.stream(DnsStep.RecordType.values()).map(Enum::name).toList();
    private static final List<String> TRANSPORTS = List.of("udp", "tcp");

    @Override
    public String key() {
        return DnsStep.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of("expect");
    }

    @Override
    public boolean allowedInPing() {
        return true;
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<Fields> maybe = context.mapping(input.action(), List.of("name", "type", "server", "transport"),
                "{name: www.example.org, type: A}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        YamlNode nameNode = f.require("name", "the name to look up, e.g. name: www.example.org");
        Optional<Template> query = nameNode == null ? Optional.empty() : context.template(nameNode);
        query.ifPresent(q -> context.renderWithDefaults(q).ifPresent(rendered -> {
            if (!DnsNames.isName(rendered)) {
                context.problems().at(nameNode, YamlNode.quote(rendered) + " is not a DNS name; " + DnsNames.NAME_RULE);
            }
        }));
        DnsStep.RecordType type = DnsStep.RecordType.A;
        if (f.has("type")) {
            type = context.choice(f.get("type"), TYPES, "a record type a dns step asks for")
                    .map(DnsStep.RecordType::valueOf).orElse(type);
        }
        Optional<Template> server = Optional.empty();
        if (f.has("server")) {
            YamlNode serverNode = f.get("server");
            server = context.template(serverNode);
            server.flatMap(context::renderWithDefaults).ifPresent(rendered -> {
                if (DnsNames.server(rendered).isEmpty()) {
                    context.problems().at(serverNode, YamlNode.quote(rendered) + " is not a DNS server; "
                            + DnsNames.SERVER_RULE);
                }
            });
        }
        DnsStep.Transport transport = DnsStep.Transport.UDP;
        if (f.has("transport")) {
            transport = context.choice(f.get("transport"), TRANSPORTS, "a DNS transport")
                    .map(t -> DnsStep.Transport.valueOf(t.toUpperCase(Locale.ROOT))).orElse(transport);
        }
        List<Condition> conditions = new ArrayList<>();
        if (input.fields().has("expect")) {
            YamlNode expect = input.fields().get("expect");
            conditions.addAll(context.conditions(expect, PLACEHOLDERS));
            if (expect.isSequence()) {
                expect.items().forEach(item -> checkDnsCondition(item, context));
            }
        }
        if (conditions.stream().noneMatch(c -> c.left().kind() == Placeholder.Kind.DNS_RCODE)) {
            conditions.add(Condition.implicit(IMPLICIT_RCODE));
        }
        if (query.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new DnsStep(input.name(), input.timeout(), query.get(), type, server, transport,
                conditions));
    }

    /**
     * What the condition syntax cannot know: a response code is one of {@link #RCODES}, compared
     * with == or != only, and the answers are lines of text, not JSON.
     */
    private static void checkDnsCondition(YamlNode item, ParseContext context) {
        if (!item.isScalar()) {
            return;
        }
        Condition condition;
        try {
            condition = ConditionParser.parse(item.text(), PLACEHOLDERS);
        } catch (ConditionParser.ConditionSyntaxException reportedAlready) {
            return;
        }
        Placeholder left = condition.left();
        if (left.kind() == Placeholder.Kind.BODY && !left.argument().isEmpty()) {
            context.problems().at(item, "[BODY] of a dns step is its answers as text, one per line, and takes no"
                    + " JSON path; compare it whole, e.g. [BODY] == 192.0.2.10, or with pat(*...*)");
            return;
        }
        if (left.kind() != Placeholder.Kind.DNS_RCODE || left.function() != Placeholder.Function.NONE) {
            return;
        }
        if (condition.operator().ordering()) {
            context.problems().at(item, "[DNS_RCODE] is a name such as NOERROR or NXDOMAIN; compare it with == or !=,"
                    + " found " + condition.operator().symbol());
            return;
        }
        Template right = condition.right();
        if (!right.isConstant()) {
            return;
        }
        String text = right.source().trim();
        if (text.startsWith("pat(")) {
            return;
        }
        List<String> names = text.startsWith("any(") && text.endsWith(")")
                ? Arrays.stream(text.substring(4, text.length() - 1).split(",", -1)).map(String::trim).toList()
                : List.of(text);
        for (String name : names) {
            String unquoted = name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                    ? name.substring(1, name.length() - 1) : name;
            if (!RCODES.contains(unquoted)) {
                context.problems().at(item, YamlNode.quote(unquoted) + " is not a DNS response code"
                        + Suggestions.didYouMean(unquoted, RCODES) + "; allowed: " + String.join(", ", RCODES));
                return;
            }
        }
    }
}
