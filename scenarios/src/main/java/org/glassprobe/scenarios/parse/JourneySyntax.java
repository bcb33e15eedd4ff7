package org.glassprobe.scenarios.parse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.http.HttpStep;
import org.glassprobe.scenarios.model.Journey;
import org.glassprobe.scenarios.model.MediaTypes;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.result.Integrity;

/**
 * The {@code journey} section of a scenario: one region writes, the others read (documented in
 * docs/check-language.md, Journeys across regions).
 *
 * <pre>
 * journey:
 *   writer: eu-west            # or rotate: the listed regions take turns, round by round
 *   publish: {step: upload, url: "${store}${image_url}"}
 *   read:
 *     http: {url: "${object_url}", headers: {X-Demo-Region: "${probe.region}"}}
 *   every: 500ms               # pause between a reader's reads (default 1s)
 *   expect: ["[PROPAGATION] < 10s"]
 * </pre>
 */
final class JourneySyntax {
    static final List<String> KEYS = List.of("writer", "publish", "read", "every", "expect");
    static final List<String> PUBLISH_KEYS = List.of("step", "url", "file");
    static final String ROTATE = "rotate";
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(1);
    static final Duration MIN_EVERY = Duration.ofMillis(100);
    private static final String EXAMPLE = "{writer: eu-west, publish: {step: upload, url: \"${store}${image_url}\"},"
            + " read: {http: {url: \"${object_url}\"}}}";

    private JourneySyntax() {}

    /**
     * Reads the section after the steps (whose captures {@code publish.url} may use).
     *
     * @param steps    the check's steps, by name
     * @param regions  the check's regions (empty: every region)
     * @param timeout  the check's timeout: a reader reads until it, at most
     * @param context  the steps' context (declared variables and the steps' captures)
     * @param readStep reads the {@code read} step in a context of its own (declared variables and
     *                 {@code object_url}, {@code object_id}: a reader runs none of the steps)
     */
    static Optional<Journey> read(YamlNode node, Map<String, Step> steps, List<String> regions, Duration timeout,
            ParseContext context, BiFunction<YamlNode, ParseContext, Optional<Step>> readStep,
            ParseContext readContext) {
        Problems problems = context.problems();
        Optional<Fields> section = context.mapping(node, KEYS, EXAMPLE);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = section.get();
        Optional<String> writer = writer(fields, regions, context);
        YamlNode publishNode = fields.require("publish", "say which step's upload is the object and where readers"
                + " find it, e.g. publish: {step: upload, url: \"${store}${image_url}\"}");
        YamlNode readNode = fields.require("read", "say how the other regions read the object, e.g."
                + " read: {http: {url: \"${object_url}\"}}");
        Duration every = Optional.ofNullable(fields.get("every")).flatMap(n -> context.duration(n, MIN_EVERY, timeout))
                .orElse(DEFAULT_EVERY.compareTo(timeout) < 0 ? DEFAULT_EVERY : MIN_EVERY);
        List<Condition> expect = Optional.ofNullable(fields.get("expect"))
                .map(n -> context.conditions(n, EnumSet.of(Placeholder.Kind.PROPAGATION))).orElse(List.of());

        Optional<Published> published = publishNode == null ? Optional.empty() : publish(publishNode, steps, context);
        Optional<Step> read = Optional.empty();
        if (readNode != null) {
            read = readStep.apply(readNode, readContext);
            if (read.isPresent() && !(read.get() instanceof HttpStep)) {
                problems.at(readNode, "a journey's read is an http step (its bytes are compared with the object"
                        + " written), found a " + read.get().kind() + " step; write read: {http: {url:"
                        + " \"${object_url}\"}}");
                read = Optional.empty();
            } else if (read.isPresent() && ((HttpStep) read.get()).integrity().isPresent()) {
                problems.at(readNode, "a journey's read compares the bytes with the object written by itself;"
                        + " leave integrity out of it");
                read = Optional.empty();
            }
        }
        if (published.isEmpty() || read.isEmpty() || writer == null) {
            return Optional.empty();
        }
        Published p = published.get();
        return Optional.of(new Journey(writer, p.step(), p.file().path(), new Integrity.Content(p.file().sha256(),
                p.file().size(), MediaTypes.essence(p.file().contentType())), p.url(), read.get(), every, expect));
    }

    /** The writer: a region the check runs in, or rotate; null after a problem. */
    private static Optional<String> writer(Fields fields, List<String> regions, ParseContext context) {
        YamlNode node = fields.require("writer", "name the region that writes (e.g. writer: eu-west), or write"
                + " writer: rotate to have the listed regions take turns");
        if (node == null) {
            return null;
        }
        Optional<String> text = context.text(node);
        if (text.isEmpty()) {
            return null;
        }
        String writer = text.get();
        Problems problems = context.problems();
        if (writer.equals(ROTATE)) {
            if (regions.size() < 2) {
                problems.at(node, "writer: rotate needs the check's regions listed, at least two (regions: [eu-west,"
                        + " us-east]), so that every probe knows whose turn it is");
                return null;
            }
            return Optional.empty();
        }
        if (!CheckParser.REGION.matcher(writer).matches()) {
            problems.at(node, YamlNode.quote(writer) + " is not a region name; name the writing region (lower-case"
                    + " letters, digits and dashes, e.g. eu-west) or write rotate");
            return null;
        }
        if (!regions.isEmpty() && !regions.contains(writer)) {
            problems.at(node, "the writer \"" + writer + "\" is not one of the check's regions (" + String.join(", ",
                    regions) + "); add it to regions or name one of them");
            return null;
        }
        if (regions.size() == 1) {
            problems.at(node, "the check runs only in " + writer + ", its writer: no region would read what it writes;"
                    + " list the reading regions under regions");
            return null;
        }
        return Optional.of(writer);
    }

    private record Published(String step, UploadFile file, Template url) {}

    private static Optional<Published> publish(YamlNode node, Map<String, Step> steps, ParseContext context) {
        Optional<Fields> section = context.mapping(node, PUBLISH_KEYS, "{step: upload, url: \"${store}${image_url}\"}");
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = section.get();
        Problems problems = context.problems();
        YamlNode stepNode = fields.require("step", "name the step whose upload is the object");
        YamlNode urlNode = fields.require("url", "say where readers find the object, e.g. \"${store}${image_url}\"");
        Optional<String> stepName = stepNode == null ? Optional.empty() : context.text(stepNode);
        Optional<UploadFile> file = Optional.empty();
        if (stepName.isPresent()) {
            Step step = steps.get(stepName.get());
            Map<String, UploadFile> uploads = step == null ? Map.of() : new LinkedHashMap<>(step.uploadedFiles());
            if (step == null) {
                problems.at(stepNode, "no step is named \"" + stepName.get() + "\"" + Suggestions.didYouMean(
                        stepName.get(), steps.keySet()) + "; steps: " + String.join(", ", steps.keySet()));
            } else if (uploads.isEmpty()) {
                problems.at(stepNode, "step \"" + stepName.get() + "\" uploads no file; publish names a step that"
                        + " uploads one (an http step with body: {file: …} or multipart, or a browser upload)");
            } else if (fields.get("file") != null) {
                Optional<String> part = context.text(fields.get("file"));
                if (part.isPresent() && !uploads.containsKey(part.get())) {
                    problems.at(fields.get("file"), "step \"" + stepName.get() + "\" uploads no file named \""
                            + part.get() + "\"; it uploads: " + String.join(", ", uploads.keySet()));
                } else {
                    file = part.map(uploads::get);
                }
            } else if (uploads.size() > 1) {
                problems.at(stepNode, "step \"" + stepName.get() + "\" uploads " + uploads.size() + " files ("
                        + String.join(", ", uploads.keySet()) + "); say which is the object with publish.file");
            } else {
                file = Optional.of(uploads.values().iterator().next());
            }
        }
        Optional<Template> url = urlNode == null ? Optional.empty() : context.template(urlNode);
        if (url.isPresent() && !uniquePerRun(url.get(), context)) {
            problems.at(urlNode, YamlNode.quote(url.get().source()) + " is the same in every run,"
                    + " so a reader could not tell the new object from the one before; use a value the upload's"
                    + " answer gave (a capture, e.g. ${image_url}) or ${run.id} in it");
            url = Optional.empty();
        }
        if (file.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Published(stepName.get(), file.get(), url.get()));
    }

    /** A URL that holds a captured value or the run's id differs from run to run. */
    private static boolean uniquePerRun(Template url, ParseContext context) {
        List<String> perRun = new ArrayList<>(List.of("run.id", "random.uuid", "run.started", "run.startedMillis"));
        return url.parts().stream().anyMatch(part -> part instanceof Template.RunValue r && perRun.contains(r.name())
                || part instanceof Template.Variable v && !context.isDeclared(v.name()));
    }
}
