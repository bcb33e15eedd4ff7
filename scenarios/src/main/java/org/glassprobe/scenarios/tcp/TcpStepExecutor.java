package org.glassprobe.scenarios.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.Facts;
import org.glassprobe.scenarios.http.NetworkFailures;
import org.glassprobe.scenarios.result.ConditionResult;
import org.glassprobe.scenarios.result.ErrorKind;
import org.glassprobe.scenarios.result.Phases;
import org.glassprobe.scenarios.result.RunError;
import org.glassprobe.scenarios.result.StepResult;
import org.glassprobe.scenarios.run.CheckRunner;
import org.glassprobe.scenarios.run.RunContext;
import org.glassprobe.scenarios.run.StepExecutor;

/** Runs TCP connects: resolve, connect within the deadline, close; phases resolve and connect. */
public final class TcpStepExecutor implements StepExecutor<TcpStep> {

    @Override
    public String kind() {
        return TcpStep.KIND;
    }

    @Override
    public Class<TcpStep> stepType() {
        return TcpStep.class;
    }

    @Override
    public StepResult execute(TcpStep step, RunContext context) {
        long deadline = context.stepDeadline(step);
        String host = context.render(step.host());
        String where = host + ":" + step.port();
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            double resolve = CheckRunner.millis(System.nanoTime() - start);
            return failed(step, resolve, new Phases(resolve, 0, 0, 0, 0),
                    NetworkFailures.cannotResolve(host, e.getMessage()));
        }
        long resolved = System.nanoTime();
        Optional<String> connectError = Optional.empty();
        boolean timedOut = false;
        try (Socket socket = new Socket()) {
            context.onCancel(() -> closeQuietly(socket));
            int timeoutMs = (int) Math.max(1, (deadline - resolved) / 1_000_000);
            socket.connect(new InetSocketAddress(address, step.port()), timeoutMs);
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException e) {
            timedOut = context.isCancelled();
            connectError = Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        long end = System.nanoTime();
        Phases phases = new Phases(CheckRunner.millis(resolved - start), CheckRunner.millis(end - resolved), 0, 0, 0);
        double total = CheckRunner.millis(end - start);
        if (timedOut) {
            return failed(step, total, phases, new RunError(ErrorKind.TIMEOUT, null, "no connection to " + where
                    + " within " + context.deadlineWords(step)));
        }
        boolean connected = connectError.isEmpty();
        Facts facts = (kind, argument) -> switch (kind) {
            case CONNECTED -> Optional.of(Boolean.toString(connected));
            case RESPONSE_TIME -> Optional.of(java.math.BigDecimal.valueOf(total).stripTrailingZeros().toPlainString());
            case IP -> Optional.of(address.getHostAddress());
            default -> Optional.empty();
        };
        List<ConditionResult> results = new ArrayList<>();
        for (Condition condition : step.conditions()) {
            results.add(condition.evaluate(facts, context::lookup));
        }
        Optional<ConditionResult> failed = results.stream().filter(r -> !r.ok()).findFirst();
        RunError error = null;
        if (failed.isPresent()) {
            boolean aboutConnection = failed.get().condition().startsWith("[CONNECTED]");
            error = aboutConnection && !connected
                    ? NetworkFailures.cannotConnect(where, connectError.get())
                    : new RunError(ErrorKind.CONDITION, null, "condition " + failed.get().condition()
                            + " failed: actual " + failed.get().actual());
        }
        return new StepResult(step.name(), step.kind(), error == null, total, null, null, phases, results, null, null,
                null, null, error);
    }

    private static StepResult failed(TcpStep step, double total, Phases phases, RunError error) {
        return new StepResult(step.name(), step.kind(), false, total, null, null, phases, null, null, null, null, null,
                error);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the socket is being abandoned at the deadline
        }
    }
}
