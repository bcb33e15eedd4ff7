package org.glassprobe.api.page;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The geometry of the page's inline SVG charts, computed on the server: numbers and path data only,
 * so a template draws them without any script. Every chart has a fixed view box, so the page keeps
 * its layout when it refreshes.
 */
public final class Charts {
    /**
     * How many region colours there are: page.css's {@code --series-0} to {@code --series-7}, one
     * set per colour scheme (Okabe and Ito's palette, told apart with colour-blindness too).
     */
    static final int SERIES = 8;

    public static final int WIDTH = 560;
    public static final int HEIGHT = 190;
    // the y labels sit inside the plot, above their grid lines, so the plot takes the whole width
    // and no label is cut whatever size the stylesheet gives them (larger on a phone)
    static final int LEFT = 8;
    static final int RIGHT = 8;
    static final int TOP = 30;
    static final int BOTTOM = 28;
    /** An x label closer than this to the chart's edge is aligned to end (or start) there, not centred. */
    static final int EDGE = 44;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Charts() {}

    /**
     * A latency chart: for each region a p50 line (solid) and a p95 line (dashed) in the region's
     * colour, a y axis in ms from 0, and x labels in UTC.
     *
     * @param empty true when no run passed in the period (the chart says so instead of drawing lines)
     */
    public record LineChart(String caption, String title, List<Line> lines, List<Tick> yTicks, List<Tick> xTicks, boolean empty,
            double plotLeft, double plotRight, double plotTop, double plotBottom) {}

    /** One drawn line: a region's p50 or p95, as SVG path data; {@code series} is its colour's CSS class. */
    public record Line(String region, String quantile, String series, boolean dashed, String path) {}

    /**
     * An axis label at a position in the view box, its SVG text-anchor (start, middle, end) and
     * whether it is one a narrow screen leaves out (every other day on the 7-day chart).
     */
    public record Tick(double at, String label, String anchor, boolean minor) {}

    /** The legend entry of a region: its name and its colour's CSS class. */
    public record Swatch(String region, String series) {}

    public static LineChart latency(StatusReport.Latency latency) {
        int n = latency.starts().size();
        double max = 0;
        for (StatusReport.LatencySeries p : latency.regions().values()) {
            for (Double v : p.p95Ms()) {
                if (v != null) {
                    max = Math.max(max, v);
                }
            }
            for (Double v : p.p50Ms()) {
                if (v != null) {
                    max = Math.max(max, v);
                }
            }
        }
        double top = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        List<Line> lines = new ArrayList<>();
        int r = 0;
        for (Map.Entry<String, StatusReport.LatencySeries> e : latency.regions().entrySet()) {
            String colour = series(r++);
            lines.add(new Line(e.getKey(), "p95", colour, true, path(e.getValue().p95Ms(), n, top, plotW, plotH)));
            lines.add(new Line(e.getKey(), "p50", colour, false, path(e.getValue().p50Ms(), n, top, plotW, plotH)));
        }
        List<Tick> y = yTicks(max, top, plotH);
        List<Tick> x = new ArrayList<>();
        boolean day = latency.period().equals("24h");
        for (int i = 0; i < n; i++) {
            Instant t = latency.starts().get(i);
            long s = t.getEpochSecond();
            boolean mark = day ? s % 21_600 == 0 : s % 86_400 == 0;
            if (mark) {
                double at = round(LEFT + xAt(i, n, plotW));
                String anchor = at < EDGE ? "start" : at > WIDTH - EDGE ? "end" : "middle";
                x.add(new Tick(at, day ? HOUR.format(t) : DAY.format(t), anchor, false));
            }
        }
        if (!day) { // the latest day keeps its label; every other one before it is minor
            for (int k = 0; k < x.size(); k++) {
                Tick t = x.get(k);
                x.set(k, new Tick(t.at(), t.label(), t.anchor(), (x.size() - 1 - k) % 2 == 1));
            }
        }
        String title = "Latency over the last " + (day ? "24 hours" : "7 days") + ", p50 (solid) and p95 (dashed)"
                + " per region, in " + latency.step() + " buckets";
        return new LineChart(day ? "Latency, last 24 hours" : "Latency, last 7 days", title, lines, y, x, max == 0, LEFT, WIDTH - RIGHT, TOP, TOP + plotH);
    }

    /** The legend: each region's colour, in the chart's order. */
    public static List<Swatch> legend(StatusReport.Latency latency) {
        List<Swatch> swatches = new ArrayList<>();
        int r = 0;
        for (String region : latency.regions().keySet()) {
            swatches.add(new Swatch(region, series(r++)));
        }
        return swatches;
    }

    private static String series(int region) {
        return "series-" + region % SERIES;
    }

    private static double xAt(int i, int n, double plotW) {
        return n <= 1 ? plotW / 2 : i * plotW / (n - 1);
    }

    /** SVG path data through the non-null values; a gap starts a new sub-path, a lone value is a dot. */
    static String path(List<Double> values, int n, double top, double plotW, double plotH) {
        StringBuilder d = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < values.size() && i < n; i++) {
            Double v = values.get(i);
            if (v == null || top <= 0) {
                open = false;
                continue;
            }
            double x = LEFT + xAt(i, n, plotW);
            double y = TOP + plotH - Math.min(v, top) / top * plotH;
            d.append(open ? " L" : (d.length() == 0 ? "M" : " M")).append(num(x)).append(' ').append(num(y));
            boolean nextMissing = i + 1 >= values.size() || values.get(i + 1) == null;
            if (!open && nextMissing) {
                d.append(" l0 0");
            }
            open = true;
        }
        return d.toString();
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k at or above the value. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double base = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * base >= v) {
                return m * base;
            }
        }
        return 10 * base;
    }

    // ------------------------------------------------------------------ journey propagation

    /**
     * A reading region's propagation chart: its reads' propagation over the period (x by round, a
     * gap where a read never became identical), and its p50 (solid) and p95 (dashed) as levels.
     *
     * @param p50Y where the p50 level is drawn, null without a measured read (likewise p95Y)
     * @param empty true when no read in the period was measured (the chart says so)
     */
    public record PropagationChart(String region, String caption, String title, String series, String readPath,
            Double p50Y, Double p95Y, List<Tick> yTicks, List<Tick> xTicks, boolean empty, double plotLeft,
            double plotRight, double plotTop, double plotBottom) {}

    private static final long SIX_HOURS = 21_600_000;

    /** The chart of one reading region over [from, to); {@code colour} is its place among the regions. */
    public static PropagationChart propagation(org.glassprobe.api.journey.Propagation.RegionPropagation region,
            Instant from, Instant to, int colour) {
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        long f = from.toEpochMilli();
        long span = Math.max(1, to.toEpochMilli() - f);
        double max = 0;
        for (var p : region.series()) {
            if (p.propagationMs() != null) {
                max = Math.max(max, p.propagationMs());
            }
        }
        if (region.p95Ms() != null) {
            max = Math.max(max, region.p95Ms());
        }
        double top = niceCeiling(max);
        StringBuilder d = new StringBuilder();
        boolean open = false;
        var series = region.series();
        for (int i = 0; i < series.size(); i++) {
            Double v = series.get(i).propagationMs();
            long at = series.get(i).round().toEpochMilli() - f;
            if (v == null || at < 0 || at > span) {
                open = false;
                continue;
            }
            double x = LEFT + at * plotW / span;
            double y = TOP + plotH - Math.min(v, top) / top * plotH;
            d.append(open ? " L" : (d.length() == 0 ? "M" : " M")).append(num(x)).append(' ').append(num(y));
            boolean nextMissing = i + 1 >= series.size() || series.get(i + 1).propagationMs() == null;
            if (!open && nextMissing) {
                d.append(" l0 0");
            }
            open = true;
        }
        List<Tick> y = yTicks(max, top, plotH);
        List<Tick> x = new ArrayList<>();
        for (long t = Math.floorDiv(f + SIX_HOURS - 1, SIX_HOURS) * SIX_HOURS; t <= f + span; t += SIX_HOURS) {
            double at = round(LEFT + (t - f) * plotW / span);
            String anchor = at < EDGE ? "start" : at > WIDTH - EDGE ? "end" : "middle";
            x.add(new Tick(at, HOUR.format(Instant.ofEpochMilli(t)), anchor, false));
        }
        Double p50Y = region.p50Ms() == null ? null : round(TOP + plotH - Math.min(region.p50Ms(), top) / top * plotH);
        Double p95Y = region.p95Ms() == null ? null : round(TOP + plotH - Math.min(region.p95Ms(), top) / top * plotH);
        String title = "Propagation to " + region.region() + " over the last 24 hours: each read's time from upload"
                + " to identical bytes, with p50 (solid level) and p95 (dashed level)";
        return new PropagationChart(region.region(), "Propagation to " + region.region() + ", last 24 hours", title,
                series(colour), d.toString(), p50Y, p95Y, y, x, max == 0, LEFT, WIDTH - RIGHT, TOP, TOP + plotH);
    }

    // ------------------------------------------------------------------ daily bars

    public static final int BAR_WIDTH = 10;
    public static final int BAR_HEIGHT = 36;

    /**
     * One day's bar: its height says the band without colour (full: ok, two thirds: minor, one
     * third: major, a sliver: no data), its colour says it again.
     */
    public record Bar(double x, double y, double width, double height, String band, String tooltip) {}

    public static List<Bar> bars(List<StatusReport.Day> days) {
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            StatusReport.Day d = days.get(i);
            double h = barHeight(d.band());
            String tip = d.date() + " (UTC): " + (d.uptimePercent() == null ? "no runs"
                    : Fmt.percent(d.uptimePercent()) + " up, " + Fmt.count(d.failures(), "failure", "failures") + " in "
                    + Fmt.thousands(d.runs()) + " " + (d.runs() == 1 ? "run" : "runs"))
                    + (d.maintenance() ? "; maintenance window" : "");
            bars.add(new Bar(i * BAR_WIDTH + 1, round(BAR_HEIGHT - h), BAR_WIDTH - 2, round(h), d.band(), tip));
        }
        return bars;
    }

    private static double barHeight(String band) {
        return switch (band) {
            case "ok", "maintenance" -> BAR_HEIGHT;
            case "minor" -> BAR_HEIGHT * 2 / 3.0;
            case "major" -> BAR_HEIGHT / 3.0;
            default -> 4;
        };
    }

    /** The bars of one band drawn as one path: what the overview draws, without a tooltip per day. */
    public record BandPath(String band, String d, int days) {}

    /**
     * The same bars as {@link #bars}, one path per band in the order bands first appear: about 15
     * bytes a day instead of a rect and a tooltip (some 150), so that the overview stays small with
     * many checks; each day's tooltip is on the check's page.
     */
    public static List<BandPath> bandPaths(List<StatusReport.Day> days) {
        java.util.Map<String, StringBuilder> paths = new java.util.LinkedHashMap<>();
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < days.size(); i++) { // the geometry of bars(days), without their tooltips
            String band = days.get(i).band();
            double h = barHeight(band);
            paths.computeIfAbsent(band, k -> new StringBuilder()).append('M').append(num(i * BAR_WIDTH + 1)).append(' ')
                    .append(num(round(BAR_HEIGHT - h))).append('h').append(num(BAR_WIDTH - 2)).append('v')
                    .append(num(round(h))).append('h').append(num(-(BAR_WIDTH - 2))).append('z');
            counts.merge(band, 1, Integer::sum);
        }
        List<BandPath> out = new ArrayList<>();
        paths.forEach((band, d) -> out.add(new BandPath(band, d.toString(), counts.get(band))));
        return out;
    }

    public static int barsWidth(List<StatusReport.Day> days) {
        return days.size() * BAR_WIDTH;
    }

    /** Three labels on a chart's millisecond axis, 0 to {@code top}; none when nothing was above 0. */
    private static List<Tick> yTicks(double max, double top, double plotH) {
        List<Tick> y = new ArrayList<>();
        if (max > 0) {
            for (int i = 0; i <= 2; i++) {
                double v = top * i / 2;
                y.add(new Tick(round(TOP + plotH - v / top * plotH), Fmt.ms(v), "start", false));
            }
        }
        return y;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String num(double v) {
        double r = round(v);
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
