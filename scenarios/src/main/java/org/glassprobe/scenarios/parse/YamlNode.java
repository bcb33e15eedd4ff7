package org.glassprobe.scenarios.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A node of a YAML document with its key path and position, for reading and for messages. */
public final class YamlNode {
    private static final int MAX_SHOWN = 60;

    private final Node node;
    private final String path;

    YamlNode(Node node, String path) {
        this.node = node;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public int column() {
        return node.getStartMark().getColumn() + 1;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    public boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    public boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    public boolean isBoolean() {
        return node instanceof ScalarNode && Tag.BOOL.equals(node.getTag());
    }

    public boolean isInteger() {
        return node instanceof ScalarNode && Tag.INT.equals(node.getTag());
    }

    public boolean isNumber() {
        return node instanceof ScalarNode && (Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()));
    }

    /** Whether the scalar was written in quotes (so it is text, whatever it looks like). */
    public boolean isQuoted() {
        return node instanceof ScalarNode s && s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
    }

    /** The text of a scalar, exactly as written (without quotes). */
    public String text() {
        if (!(node instanceof ScalarNode s)) {
            throw new IllegalStateException(path + " is not a scalar");
        }
        return s.getValue();
    }

    public List<YamlNode> items() {
        if (!(node instanceof SequenceNode s)) {
            throw new IllegalStateException(path + " is not a list");
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = s.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(values.get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** A mapping's entries in the order written, keyed by the key's text; keys that are not text are skipped. */
    public Map<String, Entry> entries() {
        if (!(node instanceof MappingNode m)) {
            throw new IllegalStateException(path + " is not a mapping");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : m.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                String name = key.getValue();
                String childPath = childPath(name);
                entries.putIfAbsent(name, new Entry(name, new YamlNode(key, childPath),
                        new YamlNode(tuple.getValueNode(), childPath)));
            }
        }
        return entries;
    }

    /** Every key as written, duplicates included, for duplicate and type checks. */
    List<YamlNode> rawKeys() {
        List<YamlNode> keys = new ArrayList<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node key = tuple.getKeyNode();
            String name = key instanceof ScalarNode s ? s.getValue() : "?";
            keys.add(new YamlNode(key, childPath(name)));
        }
        return keys;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A short description of what the node holds, for "found ..." in messages. */
    public String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull()) {
            return "nothing";
        }
        if (isBoolean() && !isQuoted()) {
            return text();
        }
        if (isNumber() && !isQuoted()) {
            return text();
        }
        return quote(text());
    }

    /** Quotes a value for a message, shortened when long. */
    public static String quote(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
        return "\"" + shown.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** A key and its value. */
    public record Entry(String key, YamlNode keyNode, YamlNode value) {}
}
