package org.glassprobe.api.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.config.ApiConfig;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;

/**
 * The public uptime page and its machine-readable twins: {@code /} (every check, the outages, the
 * fleet), {@code /checks/{name}} (one check in detail), {@code /status.json} (what {@code /} shows)
 * and {@code /badge/{check}.svg} (status, or uptime with {@code ?type=uptime&window=PERIOD}). Pages are rendered
 * on the server with jte (precompiled templates that escape every value by where it is written);
 * they load nothing from another host, run no inline script (their Content-Security-Policy forbids
 * it) and refresh themselves with one small script of their own.
 */
public final class PageRoutes implements RouteGroup {
    /**
     * What a page may load: its own stylesheet and script, images from itself or data: URLs
     * (screenshots) and, when one is configured, from the logo's origin.
     */
    static String pagePolicy(Optional<String> logoUrl) {
        String logoOrigin = logoUrl.map(u -> {
            java.net.URI uri = java.net.URI.create(u);
            return " " + uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority();
        }).orElse("");
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:" + logoOrigin + ";"
                + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
    /** A badge loads nothing and runs nothing. */
    static final String BADGE_POLICY = "default-src 'none'";

    private final StatusService status;
    /** Overviews read by requests that arrive together, shared (one key: the overview has no parameter). */
    private final SharedReads<Boolean, Renderings.Read<StatusReport>> overviews;
    private final SharedReads<String, Renderings.Read<Optional<CheckReport>>> checkReports;
    /** The overview's HTML and JSON, made once for all the requests that share an overview's read. */
    private final Renderings<Boolean, StatusReport, Rendered> overviewAnswers = new Renderings<>(1);
    /** Each check's page, made once for all the requests that share its read; kept for the 32 checks asked for last. */
    private final Renderings<String, Optional<CheckReport>, Answer> checkPages = new Renderings<>(32);

    /** One overview as the page's HTML and as {@code /status.json}, each made when first asked for. */
    private final class Rendered {
        private final StatusReport report;
        private Answer html;
        private Answer json;

        Rendered(StatusReport report) {
            this.report = report;
        }

        synchronized Answer html() {
            if (html == null) {
                StringOutput out = new StringOutput(64 * 1024);
                templates.render("page/overview.jte", Map.of("report", report, "chrome", chrome()), out);
                html = Answer.of(out.toString());
            }
            return html;
        }

        synchronized Answer json() {
            if (json == null) {
                try {
                    json = Answer.of(PageRoutes.this.json.writeValueAsString(StatusJson.of(report)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the status cannot be written as JSON", e);
                }
            }
            return json;
        }
    }
    private final ObjectMapper json;
    private final ApiConfig.Page branding;
    private final String pagePolicy;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "org.glassprobe.api.page.templates");
    private final Map<String, Asset> assets = new LinkedHashMap<>();
    private final Map<String, String> assetPaths = new LinkedHashMap<>();

    /** A file the page loads from the API itself, with its media type and a version for cache busting. */
    private record Asset(byte[] bytes, String mediaType, String version) {}

    /** @param branding the page's title and the organisation's name, site and logo, from the settings */
    public PageRoutes(StatusService status, ObjectMapper json, ApiConfig.Page branding) {
        this.status = status;
        this.overviews = new SharedReads<>(k -> Renderings.Read.of(status::overview));
        this.checkReports = new SharedReads<>(name -> Renderings.Read.of(() -> status.check(name)));
        this.json = json;
        this.branding = branding;
        this.pagePolicy = pagePolicy(branding.logoUrl());
        asset("page.css", "text/css; charset=utf-8");
        asset("page.js", "text/javascript; charset=utf-8");
        asset("favicon.svg", "image/svg+xml");
    }

    private void asset(String name, String mediaType) {
        try (InputStream in = PageRoutes.class.getResourceAsStream("/page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page's asset " + name + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            String version = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
            assets.put(name, new Asset(bytes, mediaType, version));
            assetPaths.put(name, "/page/assets/" + name + "?v=" + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", this::overview, Role.PUBLIC);
        routes.get("/checks/{name}", this::check, Role.PUBLIC);
        routes.get("/status.json", this::statusJson, Role.PUBLIC);
        routes.get("/badge/{file}", this::badge, Role.PUBLIC);
        routes.get("/page/assets/{file}", this::asset, Role.PUBLIC);
    }

    @Override
    public void describe(ApiDescription api) {
        String etag = "the ETag of a copy you hold: 304 when the answer would be exactly that copy";
        api.get("/", Role.PUBLIC, "The uptime page: every check's state, uptime and daily bars")
                .header("If-None-Match", etag)
                .answers(200, "text/html", "the page, with its ETag")
                .empty(304, "unchanged since the ETag in If-None-Match");
        api.get("/checks/{name}", Role.PUBLIC, "One check's page: its regions, charts and failures")
                .path("name", "the check's name")
                .header("If-None-Match", etag)
                .answers(200, "text/html", "the page, with its ETag")
                .empty(304, "unchanged since the ETag in If-None-Match")
                .answers(404, "text/html", "a page saying there is no such check");
        api.get("/status.json", Role.PUBLIC, "What the uptime page shows, as JSON")
                .header("If-None-Match", etag)
                .answers(200, StatusJson.class, "every check, its regions and the probes, with its ETag")
                .empty(304, "unchanged since the ETag in If-None-Match");
        api.get("/badge/{file}", Role.PUBLIC, "A shields-style SVG badge of a check's state or uptime")
                .path("file", "the check's name followed by .svg")
                .query("type", "status (default) or uptime")
                .query("window", "with type=uptime: 24h, 7d, 30d (default) or 90d")
                .answers(200, "image/svg+xml", "the badge")
                .answers(404, "image/svg+xml", "a grey badge: no such check")
                .fails(400, "a bad type or window");
        api.get("/page/assets/{file}", Role.PUBLIC, "The page's stylesheet, script and icon").withoutDatabase()
                .path("file", "page.css, page.js or favicon.svg")
                .query("v", "the asset's version, as the page links it: cached for a day when it matches")
                .answers(200, "application/octet-stream", "the asset, in its own media type")
                .fails(404, "no such asset");
    }

    /**
     * What every page template gets besides its report: where its stylesheet, script and icon are,
     * and the page's branding (title; organisation, its site and logo, null when not configured).
     */
    public record Chrome(String css, String js, String icon, String title, String organisation,
            String organisationUrl, String logoUrl) {}

    private Chrome chrome() {
        return new Chrome(assetPaths.get("page.css"), assetPaths.get("page.js"), assetPaths.get("favicon.svg"),
                branding.title(), branding.organisation().orElse(null), branding.organisationUrl().orElse(null),
                branding.logoUrl().orElse(null));
    }

    private void overview(Context ctx) {
        sendHtml(ctx, rendered().html());
    }

    /** The overview of a read that began after this request arrived, made once for all who share it. */
    private Rendered rendered() {
        return overviewAnswers.get(Boolean.TRUE, overviews.get(Boolean.TRUE), Rendered::new);
    }

    private void check(Context ctx) {
        String name = ctx.pathParam("name");
        Renderings.Read<Optional<CheckReport>> read = checkReports.get(name);
        if (read.value().isEmpty()) {
            StringOutput out = new StringOutput(8 * 1024);
            templates.render("page/missing.jte", Map.of("name", name, "chrome", chrome()), out);
            htmlHeaders(ctx);
            ctx.status(404).result(out.toString());
            return;
        }
        sendHtml(ctx, checkPages.get(name, read, report -> {
            StringOutput out = new StringOutput(64 * 1024);
            templates.render("page/check.jte", Map.of("report", report.orElseThrow(), "chrome", chrome()), out);
            return Answer.of(out.toString());
        }));
    }

    private void sendHtml(Context ctx, Answer page) {
        htmlHeaders(ctx);
        page.send(ctx);
    }

    private void htmlHeaders(Context ctx) {
        pageHeaders(ctx, pagePolicy);
        ctx.header("X-Frame-Options", "DENY"); // for browsers that do not read frame-ancestors
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8");
    }

    private static void pageHeaders(Context ctx, String policy) {
        ctx.header("Content-Security-Policy", policy);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private void statusJson(Context ctx) {
        pageHeaders(ctx, BADGE_POLICY);
        ctx.header("Cache-Control", "no-cache");
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.contentType("application/json");
        rendered().json().send(ctx);
    }

    private void badge(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.endsWith(".svg") || file.length() == 4) {
            throw ApiException.notFound("a badge is /badge/{check}.svg, the check's name as one percent-encoded path"
                    + " segment");
        }
        String name = file.substring(0, file.length() - 4);
        String type = ctx.queryParam("type");
        if (type != null && !type.equals("status") && !type.equals("uptime")) {
            throw ApiException.badRequest("query parameter type must be status or uptime, found '" + shorten(type)
                    + "'");
        }
        String window = ctx.queryParam("window");
        if (window != null && !StatusReport.PERIODS.contains(window)) {
            throw ApiException.badRequest("query parameter window must be one of " + String.join(", ",
                    StatusReport.PERIODS) + ", found '" + shorten(window) + "'");
        }
        if (window != null && !"uptime".equals(type)) {
            throw ApiException.badRequest("query parameter window goes with type=uptime");
        }
        String period = "uptime".equals(type) ? (window == null ? "30d" : window) : null;
        Badge badge;
        int code = 200;
        Optional<StatusService.BadgeFacts> facts = status.badge(name, period);
        if (facts.isEmpty()) {
            code = 404;
            badge = Badge.of(name, "no such check", "#9f9f9f");
        } else if (period == null) {
            Look look = facts.get().look();
            badge = Badge.of(name, look.word().toLowerCase(java.util.Locale.ROOT), look.badge());
        } else {
            Double percent = facts.get().uptimePercent();
            badge = Badge.of(name, percent == null ? "no data (" + period + ")" : Fmt.percent(percent).replace(" %", "%")
                    + " (" + period + ")", uptimeColour(percent));
        }
        StringOutput out = new StringOutput(2048);
        templates.render("page/badge.jte", Map.of("badge", badge), out);
        pageHeaders(ctx, BADGE_POLICY);
        ctx.header("Cache-Control", "max-age=60");
        ctx.status(code).contentType("image/svg+xml; charset=utf-8").result(out.toString());
    }

    /** shields.io's colours for a percentage: bright green at 99.9 % and above down to red below 90 %. */
    static String uptimeColour(Double percent) {
        if (percent == null) {
            return "#9f9f9f";
        }
        return percent >= 99.9 ? "#4c1" : percent >= 99 ? "#97ca00" : percent >= 95 ? "#dfb317"
                : percent >= 90 ? "#fe7d37" : "#e05d44";
    }

    private void asset(Context ctx) {
        Asset a = assets.get(ctx.pathParam("file"));
        if (a == null) {
            throw ApiException.notFound("no such asset of the page");
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        boolean versioned = a.version().equals(ctx.queryParam("v"));
        ctx.header("Cache-Control", versioned ? "public, max-age=86400, immutable" : "no-cache");
        ctx.contentType(a.mediaType()).result(a.bytes());
    }

    private static String shorten(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
