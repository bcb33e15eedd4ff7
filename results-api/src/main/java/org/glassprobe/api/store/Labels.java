package org.glassprobe.api.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Labels as a column holds them: one {@code key=value} per line, sorted by key; null for none. Keys
 * have no {@code =} and neither keys nor values a line break (the check language and the webhook
 * service refuse them).
 */
final class Labels {
    private Labels() {}

    static String write(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        new TreeMap<>(labels).forEach((k, v) -> out.append(out.length() == 0 ? "" : "\n").append(k).append('=')
                .append(v));
        return out.toString();
    }

    /** The labels a column holds; null stays null (for a subscription: any check). */
    static Map<String, String> read(String column) {
        if (column == null) {
            return null;
        }
        Map<String, String> labels = new TreeMap<>();
        for (String line : column.split("\n")) {
            int eq = line.indexOf('=');
            labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return labels;
    }
}
