package org.glassprobe.scenarios.tcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;

/** A TCP connect to a host and port: resolves, connects, closes. */
public record TcpStep(String name, Optional<Duration> timeout, Template host, int port, List<Condition> conditions)
        implements Step {

    public static final String KIND = "tcp";

    public TcpStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(host, "host");
        conditions = List.copyOf(conditions);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
