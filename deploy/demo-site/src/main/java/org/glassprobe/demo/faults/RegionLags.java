package org.glassprobe.demo.faults;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-region propagation lag of uploaded images, as a replicated store shows it: a {@code GET
 * /images/{id}} with header {@value #HEADER}{@code : REGION} is answered {@code 404} until the
 * image's upload time + that region's lag, or always for a region whose lag is {@code never}.
 * Other regions, and requests without the header, see an image at once. Fixed at start
 * ({@code --lag REGION=DURATION}, repeatable), for cross-region journeys to measure.
 */
public final class RegionLags {
    /** The request header that says which region asks. */
    public static final String HEADER = "X-Demo-Region";
    /** The longest lag that is not {@code never}. */
    public static final Duration MAX_LAG = Duration.ofHours(24);
    public static final RegionLags NONE = new RegionLags(Map.of());

    /** What a region name may be, as the probes' regions: for error messages. */
    public static final String REGION_TEXT = "1 to 32 of a-z, 0-9 and '-', not starting with '-', as the probes'"
            + " regions are (us-east, eu-west)";

    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    /** A region's lag: empty is {@code never}. */
    private final Map<String, Optional<Duration>> lags;

    private RegionLags(Map<String, Optional<Duration>> lags) {
        this.lags = Map.copyOf(lags);
    }

    /**
     * Reads {@code REGION=DURATION} settings ({@code eu-west=2s}, {@code ap-south=1500ms},
     * {@code sa-east=never}); a region given twice keeps the last.
     *
     * @throws IllegalArgumentException naming the setting, what is wrong and what is allowed
     */
    public static RegionLags parse(Collection<String> settings) {
        Map<String, Optional<Duration>> lags = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            String region = eq < 0 ? setting : setting.substring(0, eq);
            if (eq < 0 || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("found '" + setting + "'; allowed: REGION=DURATION or"
                        + " REGION=never, a region of 1 to 32 of a-z, 0-9 and '-' (eu-west=2s, ap-south=never)");
            }
            String value = setting.substring(eq + 1);
            if (value.equals("never")) {
                lags.put(region, Optional.empty());
                continue;
            }
            Matcher m = DURATION.matcher(value);
            Duration lag = null;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                lag = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            if (lag == null || lag.compareTo(MAX_LAG) > 0) {
                throw new IllegalArgumentException("found '" + setting + "'; allowed: a lag from 0ms to 24h written"
                        + " as 1500ms, 2s, 5m or 1h, or never");
            }
            lags.put(region, Optional.of(lag));
        }
        return new RegionLags(lags);
    }

    /** Whether the text is a region name as the probes' regions are ({@value #REGION_TEXT}). */
    public static boolean isRegion(String text) {
        return text != null && REGION.matcher(text).matches();
    }

    /**
     * Whether an image uploaded {@code age} ago is still unseen by the region a request names
     * (null: no header, no lag).
     */
    public boolean hides(String region, Duration age) {
        if (region == null) {
            return false;
        }
        Optional<Duration> lag = lags.get(region);
        if (lag == null) {
            return false;
        }
        return lag.isEmpty() || age.compareTo(lag.get()) < 0;
    }

    public boolean isEmpty() {
        return lags.isEmpty();
    }

    /** {@code eu-west=2s, sa-east=never}, by region; {@code none} without any. */
    public String describe() {
        if (lags.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        new java.util.TreeMap<>(lags).forEach((region, lag) -> s.append(s.length() == 0 ? "" : ", ").append(region)
                .append('=').append(lag.map(d -> d.toMillis() + "ms").orElse("never")));
        return s.toString();
    }

    @Override
    public String toString() {
        return "RegionLags[" + describe() + "]";
    }
}
