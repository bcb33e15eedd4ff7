package org.glassprobe.scenarios.parse;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.glassprobe.scenarios.model.Check;
import org.glassprobe.scenarios.model.CheckKind;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.model.Journey;
import org.glassprobe.scenarios.model.OutagePolicy;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a check file written in YAML, strictly: unknown keys, wrong types, bad durations,
 * undefined variables, unknown step kinds and missing files are all reported, each with file,
 * line, column, key path, the value found and what is allowed.
 */
public final class CheckParser {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_RETRIES = 1;
    public static final int MAX_RETRIES = 5;
    public static final int MAX_FILE_CHARS = 1_000_000;
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofHours(24);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final int MAX_NAME = 100;
    private static final int MAX_STEPS = 50;
    private static final int MAX_LABELS = 32;
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final List<String> COMMON_KEYS =
            List.of("name", "description", "kind", "interval", "timeout", "regions", "retries", "variables", "outage",
                    "labels");
    private static final List<String> KINDS = List.of("ping", "scenario");

    private final Map<String, StepSyntax> syntaxes;

    /** A parser for the given step kinds; two kinds with the same key are refused. */
    public CheckParser(List<StepSyntax> syntaxes) {
        Map<String, StepSyntax> byKey = new LinkedHashMap<>();
        for (StepSyntax syntax : syntaxes) {
            if (byKey.putIfAbsent(syntax.key(), syntax) != null) {
                throw new IllegalArgumentException("two step kinds use the key \"" + syntax.key() + "\"");
            }
        }
        this.syntaxes = java.util.Collections.unmodifiableMap(byKey);
        this.stepKeys = List.copyOf(byKey.keySet());
    }

    private final List<String> stepKeys;

    /** The step kinds this parser knows, by key, in registration order. */
    public List<String> stepKinds() {
        return stepKeys;
    }

    public Check parse(Check.Source source, FileResolver files) throws InvalidCheckException {
        Problems problems = new Problems(source.file());
        Optional<YamlNode> root = document(source, problems);
        problems.throwIfAny();
        Check check = read(root.orElseThrow(), source, files, problems);
        problems.throwIfAny();
        return check;
    }

    private static Optional<YamlNode> document(Check.Source source, Problems problems) {
        if (source.text().length() > MAX_FILE_CHARS) {
            problems.inFile("the file has " + source.text().length() + " characters; a check file may have at most "
                    + MAX_FILE_CHARS);
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by Fields, with the line of the second one
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_FILE_CHARS * 4);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        try {
            if (refusedTag(yaml, source, problems)) {
                return Optional.empty();
            }
            Iterator<Node> documents = yaml.composeAll(new StringReader(source.text())).iterator();
            if (!documents.hasNext()) {
                problems.inFile("the file is empty; a check needs at least name, kind and what to run");
                return Optional.empty();
            }
            Node first = documents.next();
            if (documents.hasNext()) {
                Node second = documents.next();
                problems.add(new Problem(source.file(), second.getStartMark().getLine() + 1, 0, "",
                        "a check file holds one YAML document; found a second one (after ---): put each check in"
                                + " its own file"));
                return Optional.empty();
            }
            YamlNode root = new YamlNode(first, "");
            if (!root.isMapping()) {
                problems.at(root, "a check is a mapping of keys such as name, kind and steps; found " + root.describe());
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(new Problem(source.file(), mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "",
                    "not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")")
                            + "; check the indentation and quoting at this point"));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.inFile("not valid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Refuses explicit YAML tags ({@code !!binary}, {@code !!str}, {@code !custom}): the check
     * language gives every value its meaning by where it stands, and a tag that changed what is
     * sent (base64 text sent as text) would be a silent surprise. Returns whether one was found.
     */
    private static boolean refusedTag(Yaml yaml, Check.Source source, Problems problems) {
        for (Event event : yaml.parse(new StringReader(source.text()))) {
            String tag = event instanceof NodeEvent node ? tagOf(node) : null;
            if (tag != null && !tag.equals("!")) {
                String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
                String hint = shown.equals("!!binary")
                        ? "; to send bytes written in base64 write body: {base64: \"…\", contentType: image/png},"
                                + " or send a file with body: {file: images/logo.png}"
                        : "; write the value without it (quote it to make it text)";
                problems.add(new Problem(source.file(), event.getStartMark().getLine() + 1,
                        event.getStartMark().getColumn() + 1, "", "the YAML tag " + shown
                                + " is not part of the check language" + hint));
                return true;
            }
        }
        return false;
    }

    private static String tagOf(NodeEvent event) {
        if (event instanceof ScalarEvent scalar) {
            return scalar.getTag();
        }
        return event instanceof CollectionStartEvent collection ? collection.getTag() : null;
    }

    private Check read(YamlNode root, Check.Source source, FileResolver files, Problems problems) {
        Map<String, YamlNode.Entry> entries = root.entries();
        Optional<CheckKind> kind = readKind(root, entries, problems);
        Set<String> pingKeys = new LinkedHashSet<>();
        for (StepSyntax s : syntaxes.values()) {
            if (s.allowedInPing()) {
                pingKeys.add(s.key());
                pingKeys.addAll(s.siblingKeys());
            }
        }
        List<String> allowed = new ArrayList<>(COMMON_KEYS);
        if (kind.isEmpty() || kind.get() == CheckKind.SCENARIO) {
            allowed.add("steps");
            allowed.add("cleanup");
            allowed.add("journey");
        }
        if (kind.isEmpty() || kind.get() == CheckKind.PING) {
            allowed.addAll(pingKeys);
        }
        List<String> scenarioOnly = new ArrayList<>();
        if (kind.isPresent() && kind.get() == CheckKind.PING) {
            for (String key : entries.keySet()) {
                if (syntaxes.containsKey(key) && !pingKeys.contains(key)) {
                    scenarioOnly.add(key);
                    allowed.add(key);
                    problems.atKey(entries.get(key).keyNode(), key, key + " is a step of a scenario; a ping is one "
                            + oneOf(syntaxes.values().stream().filter(StepSyntax::allowedInPing)
                                    .map(StepSyntax::key).toList())
                            + " request: write kind: scenario and put " + key + " under steps");
                }
            }
        }
        ParseContext bootstrap = new ParseContext(problems, files, Map.of());
        Fields fields = bootstrap.fields(root, allowed);
        Settings settings = settings(root, fields, bootstrap);
        Map<String, Optional<String>> variables = settings.variables();

        ParseContext context = new ParseContext(problems, files, variables);
        List<Step> steps = new ArrayList<>();
        List<Check.Cleanup> cleanup = new ArrayList<>();
        Optional<Journey> journey = Optional.empty();
        if (kind.isPresent() && kind.get() == CheckKind.SCENARIO) {
            YamlNode stepsNode = fields.require("steps", "list the steps of the scenario, e.g. - http: {url: ...}");
            Set<String> names = new LinkedHashSet<>();
            if (stepsNode != null) {
                steps.addAll(steps(stepsNode, settings.timeout(), names, context));
            }
            YamlNode journeyNode = fields.get("journey");
            if (journeyNode != null) {
                Map<String, Optional<String>> readerVariables = new LinkedHashMap<>(variables);
                readerVariables.put(Journey.OBJECT_URL, Optional.empty());
                readerVariables.put(Journey.OBJECT_ID, Optional.empty());
                journey = JourneySyntax.read(journeyNode, context.earlierSteps(), settings.regions(),
                        settings.timeout(), context, (node, readContext) -> step(node, "read", settings.timeout(),
                                new LinkedHashSet<>(), List.of(), readContext),
                        new ParseContext(problems, files, readerVariables));
            }
            YamlNode cleanupNode = fields.get("cleanup");
            if (cleanupNode != null) {
                cleanup.addAll(cleanup(cleanupNode, settings.timeout(), names, context));
                cleanupFitsInInterval(settings, cleanupNode, problems);
            }
        } else if (kind.isPresent() && scenarioOnly.isEmpty()) {
            ping(fields, pingKeys, context).ifPresent(steps::add);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Check(settings.name().orElseThrow(), kind.orElseThrow(), settings.interval(), settings.timeout(),
                settings.regions(), settings.retries(), variables, steps, source, settings.outage(), cleanup,
                settings.fromProbe(), settings.labels(), journey);
    }

    /**
     * Clean-up steps: written as steps, run after them whatever happened, each may say
     * {@code failsRun: true}. They may use what the steps captured (when it was captured).
     */
    private List<Check.Cleanup> cleanup(YamlNode node, Duration checkTimeout, Set<String> names,
            ParseContext context) {
        List<Check.Cleanup> cleanup = new ArrayList<>();
        Optional<List<YamlNode>> items = context.list(node, "- http: {method: DELETE, url: \"${store}/${run.id}.png\"}");
        if (items.isEmpty()) {
            return cleanup;
        }
        if (items.get().isEmpty()) {
            context.problems().at(node, "an empty cleanup does nothing; list the steps that always run, or leave"
                    + " cleanup out");
        }
        if (items.get().size() > MAX_STEPS) {
            context.problems().at(node, "cleanup may have at most " + MAX_STEPS + " steps, found "
                    + items.get().size());
            return cleanup;
        }
        int position = 0;
        for (YamlNode item : items.get()) {
            position++;
            YamlNode.Entry failsRunEntry = item.isMapping() ? item.entries().get("failsRun") : null;
            boolean failsRun = failsRunEntry != null && context.bool(failsRunEntry.value()).orElse(false);
            step(item, "cleanup-" + position, checkTimeout, names, List.of("failsRun"), context).ifPresent(step -> {
                cleanup.add(new Check.Cleanup(step, failsRun));
                context.stepRead(step);
            });
        }
        return cleanup;
    }

    /** Clean-up has a deadline of its own (the check's timeout): each attempt may take two. */
    private static void cleanupFitsInInterval(Settings settings, YamlNode at, Problems problems) {
        long attempts = settings.retries() + 1L;
        Duration worst = settings.timeout().multipliedBy(2 * attempts);
        if (worst.compareTo(settings.interval()) > 0) {
            problems.at(at, "with cleanup each attempt may take twice the timeout (the steps', then the clean-up's): "
                    + Durations.format(settings.timeout()) + " × 2 × " + attempts + " attempts = "
                    + Durations.format(worst) + " does not fit in the interval of "
                    + Durations.format(settings.interval()) + "; shorten timeout, lower retries or lengthen interval");
        }
    }

    /** What every check says about itself, whatever its steps. */
    private record Settings(Optional<String> name, Duration interval, Duration timeout, int retries,
            List<String> regions, Map<String, Optional<String>> variables, Set<String> fromProbe,
            OutagePolicy outage, Map<String, String> labels) {}

    private static Settings settings(YamlNode root, Fields fields, ParseContext bootstrap) {
        Problems problems = bootstrap.problems();
        Optional<String> name = Optional.ofNullable(fields.require("name", "give the check a unique name"))
                .flatMap(n -> bootstrap.name(n, MAX_NAME, "a check's name"));
        Optional.ofNullable(fields.get("description")).ifPresent(bootstrap::text);
        Duration interval = Optional.ofNullable(fields.get("interval"))
                .flatMap(n -> bootstrap.duration(n, MIN_INTERVAL, MAX_INTERVAL)).orElse(DEFAULT_INTERVAL);
        YamlNode timeoutNode = fields.get("timeout");
        Duration timeout = Optional.ofNullable(timeoutNode)
                .flatMap(n -> bootstrap.duration(n, MIN_TIMEOUT, MAX_TIMEOUT)).orElse(DEFAULT_TIMEOUT);
        YamlNode retriesNode = fields.get("retries");
        int retries = retriesNode == null ? DEFAULT_RETRIES
                : bootstrap.integer(retriesNode, 0, MAX_RETRIES).orElse(DEFAULT_RETRIES);
        checkFitsInInterval(interval, timeout, retries, timeoutNode != null ? timeoutNode
                : retriesNode != null ? retriesNode : root, problems);
        List<String> regions = Optional.ofNullable(fields.get("regions")).map(n -> regions(n, bootstrap))
                .orElse(List.of());
        Set<String> fromProbe = new LinkedHashSet<>();
        Map<String, Optional<String>> variables = Optional.ofNullable(fields.get("variables"))
                .map(n -> variables(n, fromProbe, bootstrap)).orElse(Map.of());
        OutagePolicy outage = Optional.ofNullable(fields.get("outage"))
                .map(n -> OutageSyntax.read(n, regions, interval, bootstrap)).orElse(OutagePolicy.DEFAULT);
        Map<String, String> labels = Optional.ofNullable(fields.get("labels")).map(n -> labels(n, bootstrap))
                .orElse(Map.of());
        return new Settings(name, interval, timeout, retries, regions, variables, fromProbe, outage, labels);
    }

    /**
     * The settings of a check whose steps are code (a scenario script), written as YAML in its
     * header: the keys of a YAML check except kind (always scenario) and steps, read by the same
     * rules with the same messages, and {@code files}, the files next to it the script may read.
     *
     * @param source the script, as named to the user
     * @param yaml   the header's YAML, with every other line of the file left blank so that line
     *               numbers are the file's
     */
    public ScriptHeader parseScriptHeader(Check.Source source, String yaml, FileResolver files)
            throws InvalidCheckException {
        Problems problems = new Problems(source.file());
        Optional<YamlNode> root = document(new Check.Source(source.file(), yaml, "yaml"), problems);
        problems.throwIfAny();
        List<String> allowed = new ArrayList<>(COMMON_KEYS);
        allowed.remove("kind");
        allowed.add("files");
        for (YamlNode.Entry entry : root.orElseThrow().entries().values()) {
            if (entry.key().equals("kind") || entry.key().equals("steps")) {
                problems.atKey(entry.keyNode(), entry.key(), "a script's header has no " + entry.key() + ": a script is"
                        + " a scenario whose steps are the ctx.step(...) calls in its code; allowed here: "
                        + String.join(", ", allowed));
            }
        }
        List<String> tolerated = new ArrayList<>(allowed);
        tolerated.addAll(List.of("kind", "steps"));
        ParseContext bootstrap = new ParseContext(problems, files, Map.of());
        Fields fields = bootstrap.fields(root.orElseThrow(), tolerated);
        Settings settings = settings(root.orElseThrow(), fields, bootstrap);
        Map<String, UploadFile> declared = new LinkedHashMap<>();
        YamlNode filesNode = fields.get("files");
        if (filesNode != null) {
            for (YamlNode item : bootstrap.list(filesNode, "[images/logo.png]").orElse(List.of())) {
                bootstrap.file(item, Optional.empty()).ifPresent(file -> {
                    if (declared.putIfAbsent(file.path(), file) != null) {
                        problems.at(item, "file \"" + file.path() + "\" is listed twice");
                    }
                });
            }
        }
        problems.throwIfAny();
        return new ScriptHeader(settings.name().orElseThrow(), settings.interval(), settings.timeout(),
                settings.retries(), settings.regions(), settings.variables(), declared, settings.outage(),
                settings.fromProbe(), settings.labels());
    }

    /** A scenario script's settings, from its header. */
    public record ScriptHeader(String name, Duration interval, Duration timeout, int retries, List<String> regions,
            Map<String, Optional<String>> variables, Map<String, UploadFile> files, OutagePolicy outage,
            Set<String> fromProbe, Map<String, String> labels) {
        public ScriptHeader {
            fromProbe = Set.copyOf(fromProbe);
            labels = Map.copyOf(labels);
            regions = List.copyOf(regions);
            variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
            java.util.Objects.requireNonNull(outage, "outage");
        }

        public ScriptHeader(String name, Duration interval, Duration timeout, int retries, List<String> regions,
                Map<String, Optional<String>> variables, Map<String, UploadFile> files) {
            this(name, interval, timeout, retries, regions, variables, files, OutagePolicy.DEFAULT, Set.of(), Map.of());
        }
    }

    private static Optional<CheckKind> readKind(YamlNode root, Map<String, YamlNode.Entry> entries, Problems problems) {
        YamlNode.Entry kindEntry = entries.get("kind");
        if (kindEntry == null) {
            problems.at(root, "missing required key \"kind\"; allowed: " + String.join(", ", KINDS));
            return Optional.empty();
        }
        Optional<String> kind = new ParseContext(problems, FileResolver.none(), Map.of())
                .choice(kindEntry.value(), KINDS, "a check kind");
        return kind.map(k -> CheckKind.valueOf(k.toUpperCase(java.util.Locale.ROOT)));
    }

    private static void checkFitsInInterval(Duration interval, Duration timeout, int retries, YamlNode at,
            Problems problems) {
        Duration worst = timeout.multipliedBy(retries + 1L);
        if (worst.compareTo(interval) > 0) {
            problems.at(at, Durations.format(timeout) + " × " + (retries + 1) + " attempts (retries: "
                    + retries + ") = " + Durations.format(worst) + " does not fit in the interval of "
                    + Durations.format(interval) + "; shorten timeout, lower retries or lengthen interval, so that"
                    + " a run ends before the next one is due");
        }
    }

    private static List<String> regions(YamlNode node, ParseContext reader) {
        List<String> regions = new ArrayList<>();
        Optional<List<YamlNode>> items = reader.list(node, "[eu-west, us-east]");
        if (items.isPresent() && items.get().isEmpty()) {
            reader.problems().at(node, "an empty list would run the check nowhere; name at least one region, or"
                    + " leave regions out to run it in every region");
        }
        for (YamlNode item : items.orElse(List.of())) {
            reader.text(item).ifPresent(region -> {
                if (!REGION.matcher(region).matches()) {
                    reader.problems().at(item, YamlNode.quote(region) + " is not a region name; use lower-case"
                            + " letters, digits and dashes, e.g. eu-west");
                } else if (regions.contains(region)) {
                    reader.problems().at(item, "region \"" + region + "\" is listed twice");
                } else {
                    regions.add(region);
                }
            });
        }
        return regions;
    }

    /**
     * Labels: a mapping of names (letters, digits, {@code _ . -}, at most 64) to short texts (1 to 256
     * printable characters), at most {@value #MAX_LABELS}: the rules of a probe's labels.
     */
    private static Map<String, String> labels(YamlNode node, ParseContext reader) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (!node.isMapping()) {
            reader.problems().at(node, "expected a mapping of label names to values, such as {team: web, tier: \"1\"},"
                    + " found " + node.describe());
            return labels;
        }
        if (node.entries().size() > MAX_LABELS) {
            reader.problems().at(node, "a check may have at most " + MAX_LABELS + " labels, found "
                    + node.entries().size());
            return labels;
        }
        Fields keys = reader.fields(node, node.entries().keySet());
        for (String key : keys.keys()) {
            YamlNode value = keys.get(key);
            if (!LABEL_KEY.matcher(key).matches()) {
                reader.problems().atKey(node.entries().get(key).keyNode(), value.path(), YamlNode.quote(key) + " is not a label name; use letters, digits, _ . and -,"
                        + " at most 64 characters, e.g. team");
                continue;
            }
            if (!value.isScalar() || value.isNull()) {
                reader.problems().at(value, "label " + key + " needs a value: a short text such as web, found "
                        + value.describe());
                continue;
            }
            String text = value.text();
            if (text.isEmpty() || text.length() > 256 || text.chars().anyMatch(Character::isISOControl)) {
                reader.problems().at(value, "label " + key + " has the value " + YamlNode.quote(text)
                        + "; a label's value is 1 to 256 printable characters on one line");
                continue;
            }
            labels.put(key, text);
        }
        return labels;
    }

    private static Map<String, Optional<String>> variables(YamlNode node, Set<String> fromProbe, ParseContext reader) {
        Map<String, Optional<String>> variables = new LinkedHashMap<>();
        if (!node.isMapping()) {
            reader.problems().at(node, "expected a mapping of variable names to default values, such as"
                    + " {target: \"http://127.0.0.1:8081\"}, found " + node.describe());
            return variables;
        }
        Fields names = reader.fields(node, node.entries().keySet());
        for (String variable : names.keys()) {
            YamlNode value = names.get(variable);
            if (!Template.NAME.matcher(variable).matches() || variable.equals("env")) {
                reader.problems().at(value, YamlNode.quote(variable) + " is not a variable name; use letters, digits"
                        + " and _, not starting with a digit (\"env\" is reserved for ${env.NAME})");
                continue;
            }
            YamlNode fallback = value;
            if (value.isMapping()) {
                Fields f = reader.fields(value, List.of("default", "fromProbe"));
                boolean probe = f.has("fromProbe") && reader.bool(f.get("fromProbe")).orElse(false);
                if (!f.has("fromProbe")) {
                    reader.problems().at(value, "a variable written as a mapping says fromProbe: true (a probe's value"
                            + " replaces the default); for the check's own value write it plainly, e.g. "
                            + variable + ": http://127.0.0.1:8081");
                    continue;
                }
                if (probe) {
                    fromProbe.add(variable);
                }
                fallback = f.has("default") ? f.get("default") : null;
            }
            if (fallback == null || fallback.isNull()) {
                variables.put(variable, Optional.empty());
            } else if (fallback.isScalar()) {
                variables.put(variable, Optional.of(fallback.text()));
            } else {
                reader.problems().at(fallback, "a variable's default is text, a number or true/false (or ~ when it"
                        + " must be given with --var or by the probe), found " + fallback.describe());
            }
        }
        return variables;
    }

    private List<Step> steps(YamlNode node, Duration checkTimeout, Set<String> names, ParseContext context) {
        List<Step> steps = new ArrayList<>();
        Optional<List<YamlNode>> items = context.list(node, "- http: {url: \"${target}/health\"}");
        if (items.isEmpty()) {
            return steps;
        }
        if (items.get().isEmpty()) {
            context.problems().at(node, "a scenario needs at least one step");
        }
        if (items.get().size() > MAX_STEPS) {
            context.problems().at(node, "a scenario may have at most " + MAX_STEPS + " steps, found "
                    + items.get().size());
            return steps;
        }
        int position = 0;
        for (YamlNode item : items.get()) {
            position++;
            step(item, "step-" + position, checkTimeout, names, List.of(), context).ifPresent(step -> {
                steps.add(step);
                context.stepRead(step);
            });
        }
        return steps;
    }

    private Optional<Step> step(YamlNode item, String defaultName, Duration checkTimeout, Set<String> names,
            List<String> extraKeys, ParseContext context) {
        Problems problems = context.problems();
        if (!item.isMapping()) {
            problems.at(item, "a step is a mapping with one of " + String.join(", ", stepKeys)
                    + " (and optionally name, timeout), found " + item.describe());
            return Optional.empty();
        }
        Set<String> present = item.entries().keySet();
        List<String> candidates = present.stream().filter(syntaxes::containsKey).toList();
        List<String> actions = candidates.stream()
                .filter(k -> candidates.stream().noneMatch(other -> syntaxes.get(other).siblingKeys().contains(k)))
                .toList();
        if (actions.isEmpty()) {
            String unknown = present.stream()
                    .filter(k -> !k.equals("name") && !k.equals("timeout") && !extraKeys.contains(k)
                            && syntaxes.values().stream().noneMatch(s -> s.siblingKeys().contains(k)))
                    .findFirst().orElse(null);
            problems.at(item, (unknown == null ? "the step says what to do with none of the step kinds"
                    : "unknown step kind \"" + unknown + "\"" + Suggestions.didYouMean(unknown, stepKeys))
                    + "; a step has exactly one of: " + String.join(", ", stepKeys));
            return Optional.empty();
        }
        if (actions.size() > 1) {
            problems.at(item, "a step does one thing, found " + String.join(" and ", actions)
                    + "; split them into separate steps");
            return Optional.empty();
        }
        StepSyntax syntax = syntaxes.get(actions.get(0));
        List<String> allowed = new ArrayList<>(List.of("name", "timeout", syntax.key()));
        allowed.addAll(syntax.siblingKeys());
        allowed.addAll(extraKeys);
        Fields fields = context.fields(item, allowed);

        String name = defaultName;
        YamlNode nameNode = fields.get("name");
        if (nameNode != null) {
            name = context.name(nameNode, MAX_NAME, "a step's name").orElse(name);
        }
        if (!names.add(name)) {
            problems.at(nameNode != null ? nameNode : item, "step name \"" + name + "\" is used twice; step names"
                    + " are unique within a check");
        }
        Optional<Duration> timeout = Optional.empty();
        YamlNode timeoutNode = fields.get("timeout");
        if (timeoutNode != null) {
            timeout = context.duration(timeoutNode, MIN_TIMEOUT, checkTimeout);
        }
        return syntax.read(new StepInput(name, timeout, fields.get(syntax.key()), fields), context);
    }

    /** "http", "http or tcp", "http, tcp or dns". */
    private static String oneOf(List<String> words) {
        return words.size() < 2 ? String.join("", words)
                : String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private Optional<Step> ping(Fields fields, Set<String> pingKeys, ParseContext context) {
        List<String> actions = fields.keys().stream()
                .filter(k -> syntaxes.containsKey(k) && syntaxes.get(k).allowedInPing())
                .toList();
        List<String> pingKinds = syntaxes.values().stream().filter(StepSyntax::allowedInPing)
                .map(StepSyntax::key).toList();
        if (actions.size() != 1) {
            context.problems().at(fields.mapping(), "a ping has exactly one of: " + String.join(", ", pingKinds)
                    + (actions.isEmpty() ? ", found none" : ", found " + String.join(" and ", actions))
                    + " (for several requests write kind: scenario with steps)");
            return Optional.empty();
        }
        StepSyntax syntax = syntaxes.get(actions.get(0));
        for (String key : fields.keys()) {
            if (pingKeys.contains(key) && !key.equals(syntax.key()) && !syntax.siblingKeys().contains(key)) {
                context.problems().at(fields.get(key), "\"" + key + "\" does not go with " + syntax.key()
                        + "; allowed beside it: " + String.join(", ", syntax.siblingKeys()));
            }
        }
        return syntax.read(new StepInput(syntax.key(), Optional.empty(), fields.get(syntax.key()), fields), context);
    }
}
