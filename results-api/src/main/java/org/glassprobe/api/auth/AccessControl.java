package org.glassprobe.api.auth;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.glassprobe.api.http.ApiException;

/**
 * Checks every matched request against the one role its route declares: who the caller is comes
 * from the bearer token only. No token where one is needed, or a token that is not known: 401. A
 * known token of the wrong kind: 403.
 */
public final class AccessControl {
    private static final String CALLER = "glassprobe.caller";

    private final String adminTokenHash;
    private final Function<String, Optional<Caller.ProbeCaller>> probeByTokenHash;
    private final boolean metricsOpen;

    public AccessControl(String adminTokenHash, Function<String, Optional<Caller.ProbeCaller>> probeByTokenHash,
            boolean metricsOpen) {
        this.adminTokenHash = adminTokenHash;
        this.probeByTokenHash = probeByTokenHash;
        this.metricsOpen = metricsOpen;
    }

    /** A Javalin {@code beforeMatched} handler. */
    public void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        Role role = roles.isEmpty() ? Role.ADMIN : (Role) roles.iterator().next();
        Caller caller = identify(ctx);
        ctx.attribute(CALLER, caller);
        boolean allowed = switch (role) {
            case PUBLIC -> true;
            case METRICS -> metricsOpen || caller instanceof Caller.Admin;
            case ADMIN -> caller instanceof Caller.Admin;
            case PROBE -> caller instanceof Caller.ProbeCaller;
        };
        if (allowed) {
            return;
        }
        if (caller instanceof Caller.Anonymous) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "this route needs " + (role == Role.PROBE ? "a probe's token" : "the admin token")
                    + " in an 'Authorization: Bearer TOKEN' header");
        }
        throw new ApiException(403, role == Role.PROBE
                ? "this route is for probes: call it with the probe's own token, not the admin token"
                : "this route needs the admin token; a probe's token may only read its own checks and post its own"
                        + " heartbeats and results");
    }

    private Caller identify(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            return new Caller.Anonymous();
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 600) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "the Authorization header must be 'Bearer TOKEN'");
        }
        String hash = Tokens.hash(header.substring(7).strip());
        if (Tokens.sameHash(hash, adminTokenHash)) {
            return new Caller.Admin();
        }
        Optional<Caller.ProbeCaller> probe = probeByTokenHash.apply(hash);
        if (probe.isPresent()) {
            return probe.get();
        }
        ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        throw new ApiException(401, "the token is not known (revoked, mistyped, or from another installation)");
    }

    /** The caller identified for this request. */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller == null ? new Caller.Anonymous() : caller;
    }

    /** The calling probe, on a {@link Role#PROBE} route. */
    public static Caller.ProbeCaller probe(Context ctx) {
        if (caller(ctx) instanceof Caller.ProbeCaller probe) {
            return probe;
        }
        throw new IllegalStateException("not a probe route");
    }
}
