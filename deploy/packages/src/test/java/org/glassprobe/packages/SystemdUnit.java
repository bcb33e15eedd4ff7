package org.glassprobe.packages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads the parts the tests need: sections of {@code Key=Value} lines,
 * a key that may repeat, and {@code Environment=} with its double-quoted assignments (systemd.exec(5)).
 */
record SystemdUnit(Path file, Map<String, List<String>> entries) {

    static SystemdUnit read(Path file) throws IOException {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IOException(file + ": not a Key=Value line: " + line);
            }
            entries.computeIfAbsent(section + "." + line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(file, entries);
    }

    /** Every value of {@code Section.Key}, in file order; empty when absent. */
    List<String> all(String key) {
        return entries.getOrDefault(key, List.of());
    }

    /** The one value of {@code Section.Key}; fails when it is absent or repeated. */
    String one(String key) {
        List<String> values = all(key);
        if (values.size() != 1) {
            throw new IllegalStateException(file + ": " + key + " appears " + values.size() + " times, expected once");
        }
        return values.get(0);
    }

    /** The variables {@code Service.Environment=} sets, unquoted. */
    Map<String, String> environment() {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String value : all("Service.Environment")) {
            for (String assignment : words(value)) {
                int eq = assignment.indexOf('=');
                vars.put(assignment.substring(0, eq), assignment.substring(eq + 1));
            }
        }
        return vars;
    }

    /** The variables of the unit's {@code EnvironmentFile=} (a leading "-" means: optional). */
    Map<String, String> environmentFile() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String value : all("Service.EnvironmentFile")) {
            Path path = Path.of(value.startsWith("-") ? value.substring(1) : value);
            if (value.startsWith("-") && !Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                    vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
                }
            }
        }
        return vars;
    }

    /** {@code ExecStart=} as its words; the units here quote nothing in it. */
    List<String> execStart() {
        return words(one("Service.ExecStart"));
    }

    /** Splits on white space, keeping double-quoted runs together without their quotes. */
    static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(word.toString());
        }
        return words;
    }
}
