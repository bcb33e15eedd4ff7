package org.glassprobe.demo.faults;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The admin port's fault switch: {@code GET /admin/faults} reads the faults in force,
 * {@code POST /admin/faults?mode=M&value=N} sets the fault for every request ({@code mode=none}
 * clears every fault), {@code POST /admin/faults?mode=M&value=N&region=R} the fault for the
 * requests of region R only ({@code mode=none&region=R} clears R's own fault).
 */
public final class FaultAdminRoutes {

    private static final String EXAMPLE = " (e.g. POST /admin/faults?mode=slow&value=300, or mode=none to clear;"
            + " add &region=us-east for the requests with header " + RegionLags.HEADER + ": us-east only)";

    private final FaultSwitch faults;

    public FaultAdminRoutes(FaultSwitch faults) {
        this.faults = faults;
    }

    public void register(RoutesConfig routes) {
        routes.get("/admin/faults", ctx -> ctx.json(view()));
        routes.post("/admin/faults", this::set);
    }

    private void set(Context ctx) {
        Fault next;
        try {
            next = Fault.parse(ctx.queryParam("mode"), ctx.queryParam("value"));
        } catch (InvalidFaultException invalid) {
            String parameter = invalid.parameter() == InvalidFaultException.Parameter.MODE ? "mode" : "value";
            ctx.status(HttpStatus.BAD_REQUEST).json(new FaultInputError(
                    invalid.describe("query parameter '" + parameter + "'") + EXAMPLE,
                    parameter, invalid.found(), invalid.allowed()));
            return;
        }
        List<String> regions = ctx.queryParams("region");
        if (regions.isEmpty()) {
            faults.set(next);
            ctx.json(view());
            return;
        }
        String region = regions.get(0);
        if (regions.size() > 1 || !RegionLags.isRegion(region)) {
            String found = String.join(",", regions);
            String allowed = "one region of " + RegionLags.REGION_TEXT
                    + "; the fault then applies only to requests whose header " + RegionLags.HEADER + " is that region";
            ctx.status(HttpStatus.BAD_REQUEST).json(new FaultInputError(
                    "query parameter 'region': found '" + found + "'; allowed: " + allowed + EXAMPLE,
                    "region", found, allowed));
            return;
        }
        if (next.mode().actsOnConnections()) {
            String allowed = FaultMode.regionalWireNames() + " (mode '" + next.mode().wireName()
                    + "' closes the listening socket, which every region shares: a connection is refused before"
                    + " its request says its region; set it without 'region')";
            ctx.status(HttpStatus.BAD_REQUEST).json(new FaultInputError(
                    "query parameter 'mode' with 'region=" + region + "': found '" + ctx.queryParam("mode")
                            + "'; allowed: " + allowed,
                    "mode", ctx.queryParam("mode"), allowed));
            return;
        }
        faults.set(region, next);
        ctx.json(view());
    }

    private FaultView view() {
        return FaultView.of(faults.current(), faults.regions());
    }

    /**
     * The faults in force, as JSON: {@code {"mode": "slow", "value": 300}} for every request, and
     * {@code "regions": {"us-east": {"mode": "down", "value": 0}}} when a region has its own.
     */
    public record FaultView(String mode, int value,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, RegionFault> regions) {
        static FaultView of(Fault fault, Map<String, Fault> regions) {
            Map<String, RegionFault> byRegion = new TreeMap<>();
            regions.forEach((region, regional) -> byRegion.put(region, RegionFault.of(regional)));
            return new FaultView(fault.mode().wireName(), fault.value(), byRegion);
        }
    }

    /** A region's own fault, as JSON: {@code {"mode": "down", "value": 0}}. */
    public record RegionFault(String mode, int value) {
        static RegionFault of(Fault fault) {
            return new RegionFault(fault.mode().wireName(), fault.value());
        }
    }

    /** A rejected fault setting: the message, and the parameter, the value found and what is allowed. */
    public record FaultInputError(String error, String parameter, String found, String allowed) {
    }
}
