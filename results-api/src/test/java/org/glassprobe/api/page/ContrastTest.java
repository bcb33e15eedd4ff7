package org.glassprobe.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * WCAG 1.4.11 (non-text contrast) for the page's graphics, read from the stylesheet the page serves:
 * every colour a bar, chart line, icon or state border is drawn in keeps 3:1 against the card it
 * sits on and the page behind it, in the light and the dark scheme.
 */
class ContrastTest {
    private static final Pattern VAR = Pattern.compile("--([a-z0-9-]+)\\s*:\\s*(#[0-9a-fA-F]{3,6})\\b");
    private static final Pattern GRAPHIC_USE = Pattern.compile("(?:fill|stroke)\\s*:\\s*var\\(--([a-z0-9-]+)\\)");
    private static final Pattern STATE_USE = Pattern.compile("--state\\s*:\\s*var\\(--([a-z0-9-]+)\\)");
    /**
     * The grid behind the charts only guides the eye (the axis and the lines carry the meaning); the
     * card's own colour is the halo that keeps axis labels legible over the lines.
     */
    private static final Set<String> DECORATIVE = Set.of("line", "card");

    @Test
    void every_graphic_colour_has_three_to_one_against_its_background_in_both_schemes() throws IOException {
        String css = stylesheet();
        int dark = css.indexOf("prefers-color-scheme: dark");
        assertThat(dark).as("the page has a dark scheme").isPositive();
        Map<String, String> light = variables(css.substring(0, dark));
        Map<String, String> darkVars = new LinkedHashMap<>(light);
        darkVars.putAll(variables(css.substring(dark, css.indexOf("}", css.indexOf("}", dark) + 1))));

        Set<String> graphic = new LinkedHashSet<>();
        for (Pattern p : List.of(GRAPHIC_USE, STATE_USE)) {
            Matcher m = p.matcher(css);
            while (m.find()) {
                graphic.add(m.group(1));
            }
        }
        graphic.removeAll(DECORATIVE);
        graphic.remove("state"); // itself one of the state colours, checked as those
        assertThat(graphic).as("the bars, the chart lines and the states")
                .contains("bar-ok", "bar-minor", "bar-major", "bar-none", "maintenance", "outage", "series-0");

        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> scheme : Map.of("light", light, "dark", darkVars).entrySet()) {
            Map<String, String> v = scheme.getValue();
            for (String name : graphic) {
                assertThat(v).as(scheme.getKey() + " defines --" + name).containsKey(name);
                for (String background : List.of("card", "bg")) {
                    double ratio = contrast(v.get(name), v.get(background));
                    if (ratio < 3.0) {
                        failures.add(String.format("%s --%s %s on --%s %s: %.2f:1", scheme.getKey(), name,
                                v.get(name), background, v.get(background), ratio));
                    }
                }
            }
        }
        assertThat(failures).as("colours below 3:1").isEmpty();
    }

    @Test
    void the_contrast_ratio_is_wcags() {
        assertThat(contrast("#000", "#fff")).isEqualTo(21.0);
        assertThat(contrast("#d4a72c", "#ffffff")).isCloseTo(2.24, org.assertj.core.data.Offset.offset(0.01));
        assertThat(contrast("#c8d1da", "#ffffff")).isCloseTo(1.55, org.assertj.core.data.Offset.offset(0.01));
    }

    private static String stylesheet() throws IOException {
        try (InputStream in = ContrastTest.class.getResourceAsStream("/page/page.css")) {
            assertThat(in).as("page.css on the class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> variables(String css) {
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher m = VAR.matcher(css);
        while (m.find()) {
            vars.put(m.group(1), m.group(2));
        }
        return vars;
    }

    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        String h = hex.substring(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double s = Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16) / 255.0;
            c[i] = s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
