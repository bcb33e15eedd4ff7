package org.glassprobe.demo.faults;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;

/**
 * The before-handler of the main port that applies the fault in force to every request: the
 * region's own fault for a request whose header {@value RegionLags#HEADER} names a region that has
 * one, else the fault for every request. Its cost when no fault is on is two volatile reads.
 *
 * <p>{@code slow} and {@code hang} suspend the request with {@link Context#future}: the
 * request gives its thread back and resumes when the delay ends or the hang is released.
 * A request released from {@code hang} is answered {@code 503} with {@code Connection: close}.
 * While a request is suspended its connection has no idle timeout (see {@link IdleTimeoutPause}).
 */
public final class FaultGate implements Handler {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final FaultState state;
    private final HangingRequests hangs;
    private final Delays delays;

    public FaultGate(FaultState state, HangingRequests hangs, Delays delays) {
        this.state = state;
        this.hangs = hangs;
        this.delays = delays;
    }

    @Override
    public void handle(Context ctx) {
        ActiveFault active = state.activeFor(ctx.header(RegionLags.HEADER));
        Fault fault = active.fault();
        String of = active.region() == null ? "" : " for region " + active.region();
        switch (fault.mode()) {
            case NONE, CORRUPT, REFUSE -> {
                // corrupt is applied by the image route; refuse acts on the socket, not on requests
            }
            case DOWN -> answer(ctx, HttpStatus.SERVICE_UNAVAILABLE,
                    "503 Service Unavailable: the demo site is down on purpose (fault 'down'" + of + ")\n");
            case FLAKY -> {
                if (active.nextRequestFails()) {
                    answer(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "500 Internal Server Error: failed on purpose (fault 'flaky "
                            + fault.value() + "'" + of + ", " + fault.value() + " of every 100 requests fail)\n");
                }
            }
            case SLOW -> {
                if (fault.value() > 0) {
                    IdleTimeoutPause pause = IdleTimeoutPause.of(ctx);
                    ctx.future(() -> delays.after(fault.value()).thenRun(pause::end));
                }
            }
            case HANG -> {
                IdleTimeoutPause pause = IdleTimeoutPause.of(ctx);
                ctx.future(() -> hangs.hold(active.region()).thenRun(() -> {
                    pause.end();
                    ctx.header("Connection", "close");
                    answer(ctx, HttpStatus.SERVICE_UNAVAILABLE,
                            "503 Service Unavailable: this request was held by the 'hang' fault, which has been cleared; retry\n");
                }));
            }
        }
    }

    private static void answer(Context ctx, HttpStatus status, String body) {
        if (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null) {
            ctx.header("Connection", "close"); // the request body is left unread
        }
        ctx.status(status).contentType(TEXT).result(body);
        ctx.skipRemainingHandlers();
    }
}
