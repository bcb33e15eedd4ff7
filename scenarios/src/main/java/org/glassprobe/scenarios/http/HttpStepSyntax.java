package org.glassprobe.scenarios.http;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.HttpUrl;
import org.glassprobe.scenarios.condition.Condition;
import org.glassprobe.scenarios.condition.JsonPath;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.model.IntegritySpec;
import org.glassprobe.scenarios.model.Step;
import org.glassprobe.scenarios.model.Template;
import org.glassprobe.scenarios.model.UploadFile;
import org.glassprobe.scenarios.parse.Fields;
import org.glassprobe.scenarios.parse.ParseContext;
import org.glassprobe.scenarios.parse.StepInput;
import org.glassprobe.scenarios.parse.StepSyntax;
import org.glassprobe.scenarios.parse.YamlNode;

/**
 * How an HTTP step is written:
 *
 * <pre>
 * - name: upload
 *   http:
 *     method: POST
 *     url: ${target}/api/images
 *     headers: {Accept: application/json}
 *     body:
 *       multipart:
 *         - {name: file, file: images/glassprobe.png}
 *     # or the file's bytes as the whole body (a PUT to WebDAV or a pre-signed URL):
 *     # body: {file: images/red.png, contentType: image/png}   (or base64: "iVBORw0…")
 *     followRedirects: true
 *     acceptUntrusted: false   # true: go on with an untrusted, expired or misnamed certificate
 *   capture:
 *     image_url: {json: url}
 *   expect:
 *     - "[STATUS] == 201"
 *   warn:                      # does not fail the run; marks it warned (degraded at the API)
 *     - "[CERTIFICATE_EXPIRATION] > 14d"
 *   integrity: upload          # on a later step: the body must be the file uploaded by "upload"
 * </pre>
 */
public final class HttpStepSyntax implements StepSyntax {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final Set<Placeholder.Kind> PLACEHOLDERS = EnumSet.of(Placeholder.Kind.STATUS,
            Placeholder.Kind.RESPONSE_TIME, Placeholder.Kind.BODY, Placeholder.Kind.HEADER, Placeholder.Kind.IP,
            Placeholder.Kind.CERTIFICATE_EXPIRATION, Placeholder.Kind.CONNECTED, Placeholder.Kind.CERTIFICATE_TRUSTED,
            Placeholder.Kind.CERTIFICATE_HOSTNAME, Placeholder.Kind.TLS_VERSION);
    /** Added when a step says nothing about the status: anything but an error. */
    static final String IMPLICIT_STATUS = "[STATUS] < 400";
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @Override
    public String key() {
        return HttpStep.KIND;
    }

    @Override
    public List<String> siblingKeys() {
        return List.of("capture", "expect", "warn", "integrity");
    }

    @Override
    public boolean allowedInPing() {
        return true;
    }

    @Override
    public Optional<Step> read(StepInput input, ParseContext context) {
        int before = context.problems().size();
        Optional<HttpRequestSpec> request = request(input.action(), context);
        Fields step = input.fields();
        List<Capture> captures = step.has("capture") ? captures(step.get("capture"), context) : List.of();
        List<Condition> conditions = new ArrayList<>(
                step.has("expect") ? context.conditions(step.get("expect"), PLACEHOLDERS) : List.of());
        if (conditions.stream().noneMatch(c -> c.left().kind() == Placeholder.Kind.STATUS)) {
            conditions.add(Condition.implicit(IMPLICIT_STATUS));
        }
        List<Condition> warnings = step.has("warn") ? context.conditions(step.get("warn"), PLACEHOLDERS) : List.of();
        Optional<IntegritySpec> integrity = step.has("integrity")
                ? integrity(step.get("integrity"), context) : Optional.empty();
        if (request.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new HttpStep(input.name(), input.timeout(), request.get(), captures, conditions, integrity,
                warnings));
    }

    private Optional<HttpRequestSpec> request(YamlNode node, ParseContext context) {
        Optional<Fields> maybe = context.mapping(node, List.of("method", "url", "headers", "body", "followRedirects",
                        "acceptUntrusted"),
                "{url: \"${target}/health\"}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        int before = context.problems().size();
        String method = f.has("method") ? context.choice(f.get("method"), METHODS, "an HTTP method").orElse("GET")
                : "GET";
        YamlNode urlNode = f.require("url", "e.g. url: \"${target}/health\"");
        Optional<Template> url = urlNode == null ? Optional.empty() : context.template(urlNode);
        url.ifPresent(u -> context.renderWithDefaults(u).ifPresent(rendered -> {
            HttpUrl parsed = HttpUrl.parse(rendered);
            if (parsed == null) {
                context.problems().at(urlNode, YamlNode.quote(rendered) + " is not an http or https URL; write it in"
                        + " full, e.g. http://127.0.0.1:8081/health");
            }
        }));
        List<HttpRequestSpec.Header> headers = f.has("headers") ? headers(f.get("headers"), context) : List.of();
        Body body = f.has("body") ? body(f.get("body"), context).orElse(null) : null;
        if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
            context.problems().at(f.get("body"), method + " requests carry no body; use POST, PUT or PATCH");
        }
        boolean follow = f.has("followRedirects") ? context.bool(f.get("followRedirects")).orElse(true) : true;
        boolean acceptUntrusted = f.has("acceptUntrusted") && context.bool(f.get("acceptUntrusted")).orElse(false);
        if (url.isEmpty() || before != context.problems().size()) {
            return Optional.empty();
        }
        return Optional.of(new HttpRequestSpec(method, url.get(), headers, body, follow, acceptUntrusted));
    }

    private static List<HttpRequestSpec.Header> headers(YamlNode node, ParseContext context) {
        List<HttpRequestSpec.Header> headers = new ArrayList<>();
        if (!node.isMapping()) {
            context.problems().at(node, "expected a mapping of header names to values, such as"
                    + " {Accept: application/json}, found " + node.describe());
            return headers;
        }
        Fields names = context.fields(node, node.entries().keySet());
        for (String name : names.keys()) {
            YamlNode value = names.get(name);
            if (!HEADER_NAME.matcher(name).matches()) {
                context.problems().at(value, YamlNode.quote(name) + " is not a valid header name");
                continue;
            }
            context.template(value).ifPresent(t -> headers.add(new HttpRequestSpec.Header(name, t)));
        }
        return headers;
    }

    private static Optional<Body> body(YamlNode node, ParseContext context) {
        Optional<Fields> maybe = context.mapping(node, List.of("text", "json", "multipart", "file", "base64",
                "contentType"), "{json: {name: value}} or {file: images/logo.png, contentType: image/png}");
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields f = maybe.get();
        List<String> forms = f.keys().stream().filter(k -> !k.equals("contentType")).toList();
        if (forms.size() != 1) {
            context.problems().at(node, "a body has exactly one of text, json, multipart, file, base64, found "
                    + (forms.isEmpty() ? "none" : String.join(" and ", forms)));
            return Optional.empty();
        }
        String form = forms.get(0);
        if (f.has("contentType") && (form.equals("json") || form.equals("multipart"))) {
            context.problems().at(f.get("contentType"), "contentType goes with a text, file or base64 body; a json"
                    + " body is sent as application/json and each multipart file has its own contentType");
            return Optional.empty();
        }
        Optional<String> contentType = f.has("contentType") ? context.text(f.get("contentType")) : Optional.empty();
        switch (form) {
            case "text" -> {
                return context.template(f.get("text"))
                        .map(t -> new Body.Text(t, contentType.orElse("text/plain; charset=utf-8")));
            }
            case "json" -> {
                return json(f.get("json"), context).map(Body.Json::new);
            }
            case "file" -> {
                return context.file(f.get("file"), contentType).map(Body.Raw::new);
            }
            case "base64" -> {
                return context.base64(f.get("base64"), contentType).map(Body.Raw::new);
            }
            default -> {
                return multipart(f.get("multipart"), context);
            }
        }
    }

    /** Turns a YAML value into a JSON value tree whose strings are templates. */
    private static Optional<Object> json(YamlNode node, ParseContext context) {
        if (node.isNull()) {
            return Optional.of(JsonNull.INSTANCE);
        }
        if (node.isMapping()) {
            Map<String, Object> object = new LinkedHashMap<>();
            Fields fields = context.fields(node, node.entries().keySet());
            boolean ok = true;
            for (String key : fields.keys()) {
                Optional<Object> value = json(fields.get(key), context);
                ok &= value.isPresent();
                value.ifPresent(v -> object.put(key, v));
            }
            return ok ? Optional.of(object) : Optional.empty();
        }
        if (node.isSequence()) {
            List<Object> array = new ArrayList<>();
            boolean ok = true;
            for (YamlNode item : node.items()) {
                Optional<Object> value = json(item, context);
                ok &= value.isPresent();
                value.ifPresent(array::add);
            }
            return ok ? Optional.of(array) : Optional.empty();
        }
        if (!node.isQuoted() && node.isBoolean()) {
            return context.bool(node).map(b -> b);
        }
        if (!node.isQuoted() && node.isNumber()) {
            return Optional.of(new java.math.BigDecimal(node.text().replace("_", "")));
        }
        return context.template(node).map(t -> t);
    }

    /** The JSON null, distinct from "absent". */
    public enum JsonNull {
        INSTANCE
    }

    private static Optional<Body> multipart(YamlNode node, ParseContext context) {
        Optional<List<YamlNode>> items = context.list(node, "- {name: file, file: images/logo.png}");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<Body.Part> parts = new ArrayList<>();
        int before = context.problems().size();
        for (YamlNode item : items.get()) {
            Optional<Fields> maybe = context.mapping(item, List.of("name", "file", "contentType", "value"),
                    "{name: file, file: images/logo.png}");
            if (maybe.isEmpty()) {
                continue;
            }
            Fields f = maybe.get();
            YamlNode nameNode = f.require("name", "the form field's name, e.g. name: file");
            Optional<String> name = nameNode == null ? Optional.empty() : context.text(nameNode);
            if (f.has("file") == f.has("value")) {
                context.problems().at(item, "a multipart part has exactly one of file (a path relative to the check"
                        + " file) or value (text)");
                continue;
            }
            if (f.has("value")) {
                if (f.has("contentType")) {
                    context.problems().at(f.get("contentType"), "contentType goes with a file part");
                }
                Optional<Template> value = context.template(f.get("value"));
                if (name.isPresent() && value.isPresent()) {
                    parts.add(new Body.FieldPart(name.get(), value.get()));
                }
                continue;
            }
            Optional<String> contentType = f.has("contentType") ? context.text(f.get("contentType")) : Optional.empty();
            Optional<UploadFile> file = context.file(f.get("file"), contentType);
            if (name.isPresent() && file.isPresent()) {
                if (parts.stream().anyMatch(p -> p.name().equals(name.get()) && p instanceof Body.FilePart)) {
                    context.problems().at(nameNode, "two file parts are named \"" + name.get()
                            + "\"; give each file part its own name");
                }
                parts.add(new Body.FilePart(name.get(), file.get()));
            }
        }
        if (items.get().isEmpty()) {
            context.problems().at(node, "a multipart body needs at least one part");
        }
        return before == context.problems().size() ? Optional.of(new Body.Multipart(parts)) : Optional.empty();
    }

    private static List<Capture> captures(YamlNode node, ParseContext context) {
        List<Capture> captures = new ArrayList<>();
        if (!node.isMapping()) {
            context.problems().at(node, "expected a mapping of variable names to sources, such as"
                    + " {image_url: {json: url}}, found " + node.describe());
            return captures;
        }
        Fields variables = context.fields(node, node.entries().keySet());
        for (String variable : variables.keys()) {
            YamlNode spec = variables.get(variable);
            if (!Template.NAME.matcher(variable).matches() || variable.equals("env")) {
                context.problems().at(spec, YamlNode.quote(variable) + " is not a variable name; use letters, digits"
                        + " and _, not starting with a digit");
                continue;
            }
            if (context.isDeclared(variable)) {
                context.problems().at(spec, "capture \"" + variable + "\" would overwrite the variable declared under"
                        + " variables; give the capture another name");
                continue;
            }
            Optional<Fields> maybe = context.mapping(spec, List.of("json", "header", "regex"), "{json: url}");
            if (maybe.isEmpty()) {
                continue;
            }
            Fields f = maybe.get();
            if (f.keys().size() != 1) {
                context.problems().at(spec, "a capture has exactly one of json (a JSON path), header (a header name)"
                        + " or regex (its first group)");
                continue;
            }
            String source = f.keys().iterator().next();
            Optional<String> expression = context.text(f.get(source));
            if (expression.isEmpty()) {
                continue;
            }
            try {
                switch (source) {
                    case "json" -> JsonPath.parse(expression.get());
                    case "regex" -> Pattern.compile(expression.get());
                    default -> {
                        if (!HEADER_NAME.matcher(expression.get()).matches()) {
                            throw new IllegalArgumentException(YamlNode.quote(expression.get())
                                    + " is not a valid header name");
                        }
                    }
                }
            } catch (PatternSyntaxException e) {
                context.problems().at(f.get(source), "not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
                continue;
            } catch (IllegalArgumentException e) {
                context.problems().at(f.get(source), e.getMessage());
                continue;
            }
            captures.add(new Capture(variable, Capture.Source.valueOf(source.toUpperCase(java.util.Locale.ROOT)),
                    expression.get()));
        }
        return captures;
    }

    private static Optional<IntegritySpec> integrity(YamlNode node, ParseContext context) {
        YamlNode stepNode;
        YamlNode partNode = null;
        if (node.isMapping()) {
            Fields f = context.fields(node, List.of("step", "part"));
            stepNode = f.require("step", "the name of the earlier step that uploaded the file");
            partNode = f.get("part");
            if (stepNode == null) {
                return Optional.empty();
            }
        } else {
            stepNode = node;
        }
        Optional<String> stepName = context.text(stepNode);
        if (stepName.isEmpty()) {
            return Optional.empty();
        }
        Step earlier = context.earlierSteps().get(stepName.get());
        if (earlier == null) {
            context.problems().at(stepNode, "no earlier step is named \"" + stepName.get() + "\""
                    + "; integrity names a step before this one that uploaded a file (earlier steps: "
                    + (context.earlierSteps().isEmpty() ? "none" : String.join(", ", context.earlierSteps().keySet()))
                    + ")");
            return Optional.empty();
        }
        Map<String, UploadFile> files = earlier.uploadedFiles();
        if (files.isEmpty()) {
            context.problems().at(stepNode, "step \"" + stepName.get() + "\" uploads no file; integrity compares"
                    + " with a file uploaded by an earlier step (a multipart file part, or a file or base64 body)");
            return Optional.empty();
        }
        if (partNode == null) {
            if (files.size() > 1) {
                context.problems().at(node, "step \"" + stepName.get() + "\" uploads several files ("
                        + String.join(", ", files.keySet()) + "); say which with part: NAME");
                return Optional.empty();
            }
            return Optional.of(new IntegritySpec(stepName.get(), files.values().iterator().next()));
        }
        Optional<String> part = context.text(partNode);
        if (part.isEmpty()) {
            return Optional.empty();
        }
        if (!files.containsKey(part.get())) {
            context.problems().at(partNode, "step \"" + stepName.get() + "\" uploads no file part named \""
                    + part.get() + "\"; its file parts: " + String.join(", ", files.keySet()));
            return Optional.empty();
        }
        return Optional.of(new IntegritySpec(stepName.get(), files.get(part.get())));
    }
}
