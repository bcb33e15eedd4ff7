package org.glassprobe.scenarios.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a YAML configuration file strictly, the one way the results API and the probe read
 * theirs: unknown keys, keys given twice, missing values and values their {@link Schema} refuses
 * are problems naming the file, line, column, key path and the value found (a secret's value is
 * never shown). Every problem of the file is reported, in the order of the file.
 */
public final class StrictYaml {
    /** A configuration file is small; a larger one is probably the wrong file. */
    public static final int MAX_FILE_BYTES = 256 * 1024;

    private StrictYaml() {}

    /** The keys a configuration file may hold, and what each takes. */
    public interface Schema {
        /** Every setting's dotted key path ({@code server.port}); the keys above one are its sections. */
        Set<String> settings();

        /** Sections whose keys are free names, each holding one value (the probe's {@code variables}). */
        default Set<String> openSections() {
            return Set.of();
        }

        /** Whether a setting holds a secret, whose value no message shows. */
        default boolean secret(String key) {
            return false;
        }

        /**
         * Takes the text found at a key (a setting, or a name in an open section).
         *
         * @return empty when taken; else what is wrong with it, after the value ("is not a whole number")
         */
        Optional<String> take(String key, String text);

        /** The top-level keys a message names when the file is not a mapping ("server and liveness"). */
        String rootExample();

        /** A key a message names as an example of a plain word ("port"). */
        String keyExample();
    }

    /** Reads the file into the schema, adding each problem found to {@code problems}. */
    public static void read(Path path, Schema schema, List<ConfigProblem> problems) {
        String shown = path.toString();
        String text;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                problems.add(new ConfigProblem(shown, 0, 0, "", "the file is larger than " + MAX_FILE_BYTES
                        + " bytes; is it the right file?"));
                return;
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "no such file (looked at " + path.toAbsolutePath() + ")"));
            return;
        } catch (MalformedInputException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "the file is not UTF-8 text"));
            return;
        } catch (IOException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "cannot read the file: " + e.getMessage()));
            return;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below with the line of the second one
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new ConfigProblem(shown, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "not valid YAML: " + e.getProblem()));
            return;
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(shown, 0, 0, "", "not valid YAML: " + e.getMessage()));
            return;
        }
        if (root == null) {
            return; // an empty file: every default stands
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(at(shown, root, "", "the configuration is a mapping of keys such as "
                    + schema.rootExample()));
            return;
        }
        walk(shown, mapping, "", schema, problems);
    }

    /** How a message shows a value: quoted, or not at all for a secret. */
    public static String shown(String value, boolean secret) {
        return secret ? "the value (not shown)" : "'" + value + "'";
    }

    private static void walk(String file, MappingNode mapping, String prefix, Schema schema,
            List<ConfigProblem> problems) {
        boolean open = schema.openSections().contains(prefix);
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                problems.add(at(file, keyNode, prefix, "keys are plain words such as " + schema.keyExample()));
                continue;
            }
            String path = prefix.isEmpty() ? keyScalar.getValue() : prefix + "." + keyScalar.getValue();
            if (!seen.add(keyScalar.getValue())) {
                problems.add(at(file, keyNode, path, "the key is given twice; keep one"));
                continue;
            }
            Node value = tuple.getValueNode();
            boolean isSetting = open || schema.settings().contains(path);
            boolean isSection = !isSetting && (schema.openSections().contains(path)
                    || schema.settings().stream().anyMatch(k -> k.startsWith(path + ".")));
            if (!isSetting && !isSection) {
                problems.add(at(file, keyNode, path, "is not a setting" + (value instanceof ScalarNode s
                        ? " (value '" + s.getValue() + "')" : "") + "; known keys" + (prefix.isEmpty() ? "" : " under "
                        + prefix) + ": " + String.join(", ", known(schema, prefix))));
                continue;
            }
            if (isSection) {
                if (value instanceof MappingNode section) {
                    walk(file, section, path, schema, problems);
                } else {
                    problems.add(at(file, value, path, schema.openSections().contains(path)
                            ? "is a section; expected names with their values under it"
                            : "is a section; expected keys under it (" + String.join(", ", known(schema, path)) + ")"));
                }
                continue;
            }
            if (!(value instanceof ScalarNode scalar) || isNull(scalar)) {
                problems.add(at(file, keyNode, path, "expected a value, found " + (value instanceof ScalarNode
                        ? "nothing" : "a " + value.getNodeId().name().toLowerCase(Locale.ROOT))));
                continue;
            }
            Optional<String> refused = schema.take(path, scalar.getValue());
            if (refused.isPresent()) {
                problems.add(at(file, value, path, shown(scalar.getValue(), schema.secret(path)) + " "
                        + refused.get()));
            }
        }
    }

    private static boolean isNull(ScalarNode scalar) {
        return scalar.getTag().getValue().endsWith(":null");
    }

    /** The names one level under a prefix: settings, sections and open sections. */
    private static List<String> known(Schema schema, String prefix) {
        TreeSet<String> names = new TreeSet<>();
        String start = prefix.isEmpty() ? "" : prefix + ".";
        for (Set<String> keys : List.of(schema.settings(), schema.openSections())) {
            for (String key : keys) {
                if (key.startsWith(start)) {
                    String rest = key.substring(start.length());
                    int dot = rest.indexOf('.');
                    names.add(dot < 0 ? rest : rest.substring(0, dot));
                }
            }
        }
        return List.copyOf(names);
    }

    private static ConfigProblem at(String file, Node node, String key, String message) {
        Mark mark = node.getStartMark();
        return new ConfigProblem(file, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                key, message);
    }
}
