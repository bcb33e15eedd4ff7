package org.glassprobe.scenarios.browser;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The browser's own account of a page load, from Navigation Timing and Largest Contentful Paint,
 * in milliseconds: {@code dns}, {@code connect} (TCP, without TLS), {@code tls}, {@code ttfb}
 * (navigation start to first response byte), {@code domContentLoaded} and {@code load} (from
 * navigation start to the end of each event), and {@code lcp} where the browser reports one.
 */
final class NavigationTiming {
    /** Added to every page of an attempt: keeps the latest Largest Contentful Paint candidate. */
    static final String LCP_OBSERVER = "(() => { try { new PerformanceObserver(list => { const e = list.getEntries();"
            + " if (e.length) { window.__glassprobeLcp = e[e.length - 1].startTime; } })"
            + ".observe({type: 'largest-contentful-paint', buffered: true}); } catch (e) {} })();";

    /**
     * Answers once the document has a navigation entry; waits up to two frames for a Largest
     * Contentful Paint that may still be on its way.
     */
    private static final String READ = """
            () => {
              const n = performance.getEntriesByType('navigation')[0];
              if (!n) { return null; }
              window.__glassprobeReads = (window.__glassprobeReads || 0) + 1;
              if (window.__glassprobeLcp === undefined && window.__glassprobeReads < 3) { return null; }
              window.__glassprobeReads = 0;
              const t = {};
              const tlsStart = n.secureConnectionStart > 0 ? n.secureConnectionStart : 0;
              t.dns = n.domainLookupEnd - n.domainLookupStart;
              t.connect = (tlsStart > 0 ? tlsStart : n.connectEnd) - n.connectStart;
              t.tls = tlsStart > 0 ? n.connectEnd - tlsStart : 0;
              t.ttfb = n.responseStart - n.startTime;
              if (n.domContentLoadedEventEnd > 0) { t.domContentLoaded = n.domContentLoadedEventEnd - n.startTime; }
              if (n.loadEventEnd > 0) { t.load = n.loadEventEnd - n.startTime; }
              if (window.__glassprobeLcp !== undefined) { t.lcp = window.__glassprobeLcp; }
              return {origin: performance.timeOrigin, timings: t};
            }""";
    /** Reading timings is glassprobe's own work: it may not hold a step for long. */
    private static final double READ_TIMEOUT_MS = 1000;

    private NavigationTiming() {}

    /** What the page reports now: the document's time origin (its identity) and its timings. */
    record Reading(double origin, Map<String, Double> timings) {}

    /** What the page says, or nothing when it cannot say within a second (it is navigating away). */
    static Reading read(Page page) {
        Object raw;
        try {
            JSHandle handle = page.waitForFunction(READ, null, new Page.WaitForFunctionOptions()
                    .setTimeout(READ_TIMEOUT_MS));
            raw = handle.jsonValue();
            handle.dispose();
        } catch (PlaywrightException e) {
            return new Reading(-1, Map.of());
        }
        if (!(raw instanceof Map<?, ?> map) || !(map.get("timings") instanceof Map<?, ?> values)) {
            return new Reading(-1, Map.of());
        }
        Map<String, Double> timings = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Number number) {
                timings.put((String) k, Math.max(0, Math.round(number.doubleValue() * 1000.0) / 1000.0));
            }
        });
        double origin = map.get("origin") instanceof Number o ? o.doubleValue() : -1;
        return new Reading(origin, timings);
    }
}
