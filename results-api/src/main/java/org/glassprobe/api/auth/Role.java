package org.glassprobe.api.auth;

import io.javalin.security.RouteRole;

/** Who a route is for; each route declares exactly one. */
public enum Role implements RouteRole {
    /** Anyone: what the uptime page shows, health. */
    PUBLIC,
    /** A probe, acting as itself. */
    PROBE,
    /** The admin token. */
    ADMIN,
    /** The admin token, or no token at all when {@code metrics.open} is true. */
    METRICS
}
