package org.glassprobe.demo.faults;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The admin port's fault switch: {@code GET /admin/faults} reads the fault in force,
 * {@code POST /admin/faults?mode=M&value=N} sets it ({@code mode=none} clears it).
 */
public final class FaultAdminRoutes {

    private final FaultSwitch faults;

    public FaultAdminRoutes(FaultSwitch faults) {
        this.faults = faults;
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin/faults", ctx -> ctx.json(FaultView.of(faults.current())));
        routes.post("/admin/faults", this::set);
    }

    private void set(Context ctx) {
        Fault next;
        try {
            next = Fault.parse(ctx.queryParam("mode"), ctx.queryParam("value"));
        } catch (InvalidFaultException invalid) {
            String parameter = invalid.parameter() == InvalidFaultException.Parameter.MODE ? "mode" : "value";
            ctx.status(HttpStatus.BAD_REQUEST).json(new FaultInputError(
                    invalid.describe("query parameter '" + parameter + "'")
                            + " (e.g. POST /admin/faults?mode=slow&value=300, or mode=none to clear)",
                    parameter, invalid.found(), invalid.allowed()));
            return;
        }
        ctx.json(FaultView.of(faults.set(next)));
    }

    /** The fault in force, as JSON: {@code {"mode": "slow", "value": 300}}. */
    public record FaultView(String mode, int value) {
        static FaultView of(Fault fault) {
            return new FaultView(fault.mode().wireName(), fault.value());
        }
    }

    /** A rejected fault setting: the message, and the parameter, the value found and what is allowed. */
    public record FaultInputError(String error, String parameter, String found, String allowed) {
    }
}
