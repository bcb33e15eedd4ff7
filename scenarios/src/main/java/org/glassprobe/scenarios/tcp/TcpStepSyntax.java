package org.glassprobe.scenarios.tcp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;

/**
 * How a TCP connect is written: {@code tcp: {host: db.example.org, port: 5432}} with optional
 * conditions on {@code [CONNECTED]}, {@code [RESPONSE_TIME]} and {@code [IP]}.
 */
public final class TcpStepSyntax implements StepSyntax {
    static final Set<Placeholder.Kind> PLACEHOLDERS =
            EnumSet.of(Placeholder.Kind.CONNECTED, Placeholder.Kind.RESPONSE_TIME, Placeholder.Kind.IP);
    static final String IMPLICIT_CONNECTED = "[CONNECTED] == true";

    @Override
    public String key() {
        return TcpStep.KIND;
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
        Optional<Fields> maybe = context.mapping(input.action(), List.of("host", "port"), "{host: 127.0.0.1, port: 5432}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        var hostNode = f.require("host", "a host name or IP address");
        Optional<Template> host = hostNode == null ? Optional.empty() : context.template(hostNode);
        var portNode = f.require("port", "a port number from 1 to 65535");
        OptionalInt port = portNode == null ? OptionalInt.empty() : context.integer(portNode, 1, 65535);
        List<Condition> conditions = new ArrayList<>(input.fields().has("expect")
                ? context.conditions(input.fields().get("expect"), PLACEHOLDERS) : List.of());
        if (conditions.stream().noneMatch(c -> c.left().kind() == Placeholder.Kind.CONNECTED)) {
            conditions.add(Condition.implicit(IMPLICIT_CONNECTED));
        }
        if (host.isEmpty() || port.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new TcpStep(input.name(), input.timeout(), host.get(), port.getAsInt(), conditions));
    }
}
