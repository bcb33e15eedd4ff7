package org.glassprobe.scenarios.parse;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of one mapping, checked against the keys allowed there: unknown and duplicate keys
 * are reported once, when the fields are made.
 */
public final class Fields {
    private final YamlNode mapping;
    private final Map<String, YamlNode.Entry> entries;
    private final Problems problems;

    Fields(YamlNode mapping, Collection<String> allowed, Problems problems) {
        this.mapping = mapping;
        this.entries = mapping.entries();
        this.problems = problems;
        Set<String> seen = new HashSet<>();
        Set<String> allowedSet = new LinkedHashSet<>(allowed);
        for (YamlNode key : mapping.rawKeys()) {
            if (!key.isScalar()) {
                problems.at(key, "a key must be plain text, found " + key.describe());
                continue;
            }
            String name = key.text();
            if (!seen.add(name)) {
                problems.atKey(key, key.path(), "duplicate key \"" + name + "\"; each key appears once in a mapping");
            } else if (!allowedSet.contains(name)) {
                problems.atKey(key, key.path(), "unknown key \"" + name + "\""
                        + Suggestions.didYouMean(name, allowedSet) + "; allowed here: " + String.join(", ", allowedSet));
            }
        }
    }

    public YamlNode mapping() {
        return mapping;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value under a key, or null when absent. */
    public YamlNode get(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** The value under a key; when absent, reports it as missing and returns null. */
    public YamlNode require(String key, String hint) {
        YamlNode value = get(key);
        if (value == null) {
            problems.at(mapping, "missing required key \"" + key + "\"" + (hint.isEmpty() ? "" : "; " + hint));
        }
        return value;
    }

    public Set<String> keys() {
        return entries.keySet();
    }
}
