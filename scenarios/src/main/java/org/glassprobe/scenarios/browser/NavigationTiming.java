package org.glassprobe.scenarios.browser;

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
     * Reads the document's navigation entry; waits at most 50 ms for a Largest Contentful Paint
     * still on its way (Chromium reports it shortly after the paint, often after the load event).
     */
    private static final String READ = """
            async () => {
              const n = performance.getEntriesByType('navigation')[0];
              if (!n) { return null; }
              for (let waited = 0; window.__glassprobeLcp === undefined && waited < 50; waited += 5) {
                await new Promise(done => setTimeout(done, 5));
              }
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

    private NavigationTiming() {}

    /** What the page reports now: the document's time origin (its identity) and its timings. */
    record Reading(double origin, Map<String, Double> timings) {}

    /**
     * What the page says. Called only once the page has reached a load state, so its document has
     * an execution context and the call returns at once; if the page navigates away meanwhile the
     * reading is empty (and a page that stopped answering is the runner's deadline's to handle).
     */
    static Reading read(Page page) {
        Object raw;
        try {
            raw = page.evaluate(READ);
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
