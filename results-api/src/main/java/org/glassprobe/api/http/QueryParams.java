package org.glassprobe.api.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.glassprobe.api.http.ApiException;

/** Query parameters read strictly: a bad one is a 400 naming it and the value found. */
public final class QueryParams {
    private QueryParams() {}

    public static int limit(Context ctx, int defaultLimit, int maxLimit) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= maxLimit) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("query parameter limit must be a whole number from 1 to " + maxLimit
                + ", found '" + shorten(text) + "'");
    }

    public static Instant instant(Context ctx, String name, Instant fallback) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter " + name + " must be an ISO-8601 instant such as"
                    + " 2026-01-01T00:00:00Z, found '" + shorten(text) + "'");
        }
    }

    /**
     * A long poll's {@code wait}: absent or {@code 0} is zero; else a duration up to {@code max}
     * (400 naming the value found otherwise).
     */
    public static java.time.Duration waitOf(String text, java.time.Duration max) {
        if (text == null) {
            return java.time.Duration.ZERO;
        }
        java.time.Duration wait = text.equals("0") ? java.time.Duration.ZERO
                : org.glassprobe.scenarios.model.Durations.parse(text).orElse(null);
        if (wait == null || wait.compareTo(max) > 0) {
            throw ApiException.badRequest("query parameter wait must be a duration from 0 to "
                    + org.glassprobe.scenarios.model.Durations.format(max) + " such as 500ms or 20s, found '"
                    + shorten(text) + "'");
        }
        return wait;
    }

    public static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
