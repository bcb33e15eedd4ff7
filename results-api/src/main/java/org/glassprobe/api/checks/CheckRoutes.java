package org.glassprobe.api.checks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.annotation.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.glassprobe.api.auth.AccessControl;
import org.glassprobe.api.auth.Role;
import org.glassprobe.api.http.ApiException;
import org.glassprobe.api.http.Bodies;
import org.glassprobe.api.http.Paging;
import org.glassprobe.api.openapi.ApiDescription;
import org.glassprobe.api.openapi.RouteGroup;
import org.glassprobe.scenarios.CheckLanguage;
import org.glassprobe.scenarios.model.Durations;
import org.glassprobe.scenarios.parse.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks: {@code PUT/GET/DELETE /api/v1/checks/{name}} and the list (admin), and
 * {@code GET /api/v1/probe/checks}, the calling probe's assignments with an ETag.
 *
 * <p>A check travels as its YAML text; the files its upload steps send travel with it, either as
 * the other parts of a {@code multipart/form-data} body (part {@code check} is the file, each other
 * part's name is a file's path as the check writes it), or base64 in a JSON bundle
 * ({@code {"check": "...", "files": {"images/a.png": "iVBOR..."}}}).
 */
public final class CheckRoutes implements RouteGroup {
    private static final String MULTIPART = "multipart/form-data";
    private static final int MAX_PATH = 500;
    /** What an owner may be: what {@code glassprobe-probe checks apply --owner} accepts. */
    static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final String OWNER_RULE = "[a-z0-9][a-z0-9._-]{0,62}";

    private final Logger logger = LoggerFactory.getLogger(CheckRoutes.class);
    private final CheckService checks;
    private final ObjectMapper json;

    public CheckRoutes(CheckService checks, ObjectMapper json) {
        this.checks = checks;
        this.json = json;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/v1/checks", this::list, Role.ADMIN);
        routes.put("/api/v1/checks/{name}", this::put, Role.ADMIN);
        routes.get("/api/v1/checks/{name}", this::get, Role.ADMIN);
        routes.delete("/api/v1/checks/{name}", this::delete, Role.ADMIN);
        routes.get("/api/v1/probe/checks", this::assigned, Role.PROBE);
    }

    @Override
    public void describe(ApiDescription api) {
        api.get("/api/v1/checks", Role.ADMIN, "Every check, without its source, by name")
                .paged(Paging.DEFAULT_LIMIT, Paging.MAX_LIMIT)
                .answers(200, CheckList.class, "the checks");
        api.put("/api/v1/checks/{name}", Role.ADMIN, "Store a check, validated as glassprobe-probe validate does")
                .path("name", "the check's name; the file must name the same")
                .takes("application/yaml", "the check file (YAML, or a Java scenario as text/x-java);")
                .takes("multipart/form-data", "or the check file as part 'check' and each file it uploads as a"
                        + " part named by its path;")
                .query("owner", "who deploys it as code (" + OWNER_RULE + "); absent: the stored owner is kept")
                .query("adopt", "boolean", "true: take over a check of another owner or of none (made by hand)")
                .query("dryRun", "boolean", "true: validate everything and answer as this push would, but store"
                        + " nothing (the body says \"dryRun\": true)")
                .takes(Bundle.class, "or JSON: the check file's text and its files in base64")
                .answers(201, CheckView.class, "created")
                .answers(200, CheckView.class, "replaced, or unchanged")
                .fails(400, "a body that cannot be read, or a bad owner, adopt or dryRun")
                .fails(409, "checks.max-checks reached, or the check has another owner or none (made by hand)"
                        + " and adopt is not true")
                .fails(411, "a multipart body without Content-Length")
                .fails(413, "over checks.max-check-bytes or checks.max-file-bytes")
                .fails(422, "the check file is not valid: every problem, as the CLI prints it; nothing changed");
        api.get("/api/v1/checks/{name}", Role.ADMIN, "One check with its source")
                .path("name", "the check's name")
                .query("files", "boolean", "true: each file with its content in base64")
                .answers(200, CheckView.class, "the check").fails(404, "no check of that name");
        api.delete("/api/v1/checks/{name}", Role.ADMIN, "Delete a check; probes stop running it at their next pull")
                .path("name", "the check's name")
                .empty(204, "deleted").fails(404, "no check of that name");
        api.get("/api/v1/probe/checks", Role.PROBE, "The calling probe's checks: its region's, with their files")
                .header("If-None-Match", "the ETag of the checks the probe holds: 304 when they are unchanged")
                .answers(200, Assignment.class, "the checks, and their ETag (also in the ETag header)")
                .empty(304, "unchanged since the ETag in If-None-Match");
    }

    private void put(Context ctx) {
        String name = ctx.pathParam("name");
        CheckService.PutOptions options = new CheckService.PutOptions(owner(ctx), flag(ctx, "adopt"),
                flag(ctx, "dryRun"));
        ApiConfigView limits = new ApiConfigView(checks.limits().maxCheckBytes(), checks.limits().maxFileBytes(),
                checks.limits().maxFiles());
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        Pushed pushed;
        if (contentType.startsWith(MULTIPART)) {
            pushed = multipart(ctx, name, limits);
        } else if (contentType.startsWith("application/json")) {
            pushed = bundle(ctx, name, limits);
        } else {
            pushed = new Pushed(fileName(name, null), utf8(Bodies.read(ctx, limits.maxCheckBytes, "the check file"),
                    fileName(name, null)), Map.of());
        }
        CheckService.PutResult result;
        try {
            result = checks.put(name, pushed.fileName, pushed.text, pushed.files, options);
        } catch (InvalidCheck invalid) {
            throw new ApiException(422, invalid.getMessage() + "; nothing was changed",
                    invalid.problems().stream().map(CheckRoutes::problem).toList());
        } catch (OwnerConflict conflict) {
            throw new ApiException(409, conflict.getMessage());
        }
        if (result.outcome() == CheckStore.PutOutcome.TOO_MANY) {
            throw new ApiException(409, "the API keeps at most " + checks.limits().maxChecks() + " checks"
                    + " (checks.max-checks); delete one first");
        }
        int status = result.outcome() == CheckStore.PutOutcome.CREATED ? 201 : 200;
        if (options.dryRun()) {
            ctx.status(status).json(CheckView.of(result.check(), true, false).dry(result.outcome()));
            return;
        }
        logger.atInfo().addKeyValue("check", name).addKeyValue("outcome", result.outcome().name().toLowerCase(Locale.ROOT))
                .addKeyValue("owner", result.check().owner()).addKeyValue("files", pushed.files.size())
                .log("check pushed");
        ctx.status(status).json(CheckView.of(result.check(), true, false));
    }

    /** The owner query parameter: absent (null), or a valid owner name. */
    private static String owner(Context ctx) {
        String owner = ctx.queryParam("owner");
        if (owner == null) {
            return null;
        }
        if (!OWNER.matcher(owner).matches()) {
            throw ApiException.badRequest("query parameter 'owner' is \"" + owner + "\"; an owner is 1 to 63 of"
                    + " a-z, 0-9, '.', '_' and '-', starting with a letter or digit (" + OWNER_RULE + ")");
        }
        return owner;
    }

    /** A true/false query parameter; absent is false. */
    private static boolean flag(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("query parameter '" + name + "' is \"" + value + "\"; it is true or false");
    }

    /** A check pushed as JSON: the check file's text, its name, and its files in base64 by path. */
    record Bundle(String check, String fileName, Map<String, String> files) {}

    /** The limits a push is held to. */
    private record ApiConfigView(long maxCheckBytes, long maxFileBytes, int maxFiles) {}

    private record Pushed(String fileName, String text, Map<String, byte[]> files) {}

    private Pushed multipart(Context ctx, String name, ApiConfigView limits) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0 || declared > limits.maxCheckBytes) {
            Bodies.refuse(ctx, limits.maxCheckBytes, 0);
            throw new ApiException(declared < 0 ? 411 : 413, declared < 0
                    ? "a multipart check needs a Content-Length"
                    : "the check with its files is " + declared + " bytes; at most " + limits.maxCheckBytes
                            + " bytes are accepted (checks.max-check-bytes)");
        }
        Map<String, List<UploadedFile>> uploads;
        Map<String, List<String>> fields;
        try {
            uploads = ctx.uploadedFileMap();
            fields = ctx.formParamMap();
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
        }
        String fileName = fileName(name, null);
        String text = null;
        if (uploads.containsKey("check")) {
            UploadedFile part = single(uploads.get("check"), "check");
            fileName = fileName(name, part.filename());
            text = utf8(read(part, limits.maxCheckBytes, "the check file"), fileName);
        } else if (fields.containsKey("check")) {
            if (fields.get("check").size() != 1) {
                throw ApiException.badRequest("the multipart body has more than one part named 'check'");
            }
            text = fields.get("check").get(0);
        }
        if (text == null) {
            throw ApiException.badRequest("the multipart body has no part named 'check' (the check file); its other"
                    + " parts are the files, each named by its path as the check writes it");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (var entry : uploads.entrySet()) {
            if (entry.getKey().equals("check")) {
                continue;
            }
            String path = path(entry.getKey());
            files.put(path, read(single(entry.getValue(), path), limits.maxFileBytes, "file " + path));
            limitFiles(files, limits);
        }
        for (String field : fields.keySet()) {
            if (!field.equals("check") && !uploads.containsKey(field)) {
                throw ApiException.badRequest("part '" + field + "' is not a file: send files with a file name"
                        + " (curl -F 'images/a.png=@images/a.png')");
            }
        }
        return new Pushed(fileName, text, files);
    }

    private Pushed bundle(Context ctx, String name, ApiConfigView limits) {
        JsonNode body;
        try {
            body = json.readTree(Bodies.read(ctx, limits.maxCheckBytes, "the check bundle"));
        } catch (IOException e) {
            throw ApiException.badRequest("the check bundle is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject() || !body.path("check").isTextual()) {
            throw ApiException.badRequest("a check bundle is {\"check\": \"the YAML text\", \"fileName\": \"optional\","
                    + " \"files\": {\"path as the check writes it\": \"base64\"}}");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!List.of("check", "fileName", "files").contains(f)) {
                throw ApiException.badRequest("unknown field '" + f + "' in the check bundle; known: check, fileName,"
                        + " files");
            }
        });
        String fileName = fileName(name, body.path("fileName").isTextual() ? body.get("fileName").asText() : null);
        Map<String, byte[]> files = new LinkedHashMap<>();
        JsonNode fileNodes = body.path("files");
        if (!fileNodes.isMissingNode() && !fileNodes.isNull()) {
            if (!fileNodes.isObject()) {
                throw ApiException.badRequest("'files' must be an object of path to base64 content");
            }
            var it = fileNodes.fields();
            while (it.hasNext()) {
                var e = it.next();
                String path = path(e.getKey());
                if (!e.getValue().isTextual()) {
                    throw ApiException.badRequest("file '" + path + "' must be base64 text");
                }
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(e.getValue().asText());
                } catch (IllegalArgumentException bad) {
                    throw ApiException.badRequest("file '" + path + "' is not valid base64: " + bad.getMessage());
                }
                if (bytes.length > limits.maxFileBytes) {
                    throw new ApiException(413, "file '" + path + "' is " + bytes.length + " bytes; at most "
                            + limits.maxFileBytes + " (checks.max-file-bytes)");
                }
                files.put(path, bytes);
                limitFiles(files, limits);
            }
        }
        return new Pushed(fileName, body.get("check").asText(), files);
    }

    private static void limitFiles(Map<String, byte[]> files, ApiConfigView limits) {
        if (files.size() > limits.maxFiles) {
            throw new ApiException(413, "a check may carry at most " + limits.maxFiles + " files (checks.max-files)");
        }
    }

    private static UploadedFile single(List<UploadedFile> parts, String name) {
        if (parts.size() != 1) {
            throw ApiException.badRequest("the multipart body has " + parts.size() + " parts named '" + name + "'");
        }
        return parts.get(0);
    }

    private static byte[] read(UploadedFile part, long limit, String what) {
        if (part.size() > limit) {
            throw new ApiException(413, what + " is " + part.size() + " bytes; at most " + limit + " are accepted");
        }
        try (InputStream in = part.content()) {
            return in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's path as the check writes it: relative, normalised, without '..'. */
    private static String path(String raw) {
        String p = raw.strip();
        if (p.isEmpty() || p.length() > MAX_PATH || p.startsWith("/") || p.contains("\\") || p.contains("//")
                || p.chars().anyMatch(Character::isISOControl)
                || java.util.Arrays.stream(p.split("/")).anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw ApiException.badRequest("'" + raw + "' is not a file path a check can use: relative, with '/'"
                    + " between folders, no '..' or '.', at most " + MAX_PATH + " characters");
        }
        return p;
    }

    private static String fileName(String name, String submitted) {
        if (submitted != null && !submitted.isBlank() && submitted.length() <= 200) {
            return submitted;
        }
        return name + ".yaml";
    }

    private static String utf8(byte[] bytes, String fileName) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(422, "the check file is not UTF-8 text; nothing was changed",
                    List.of(problem(new Problem(fileName, 0, 0, "", "the file is not UTF-8 text"))));
        }
    }

    /** A problem of a check file, with the text the CLI prints for it. */
    record ProblemView(String file, int line, int column, String path, String message, String text) {}

    static ProblemView problem(Problem p) {
        return new ProblemView(p.file(), p.line(), p.column(), p.path(), p.message(), p.toString());
    }

    private void get(Context ctx) {
        String name = ctx.pathParam("name");
        boolean withContent = flag(ctx, "files");
        StoredCheck check = (withContent ? checks.findWithContent(name) : checks.find(name))
                .orElseThrow(() -> ApiException.notFound("no check named '" + name + "'"));
        ctx.json(CheckView.of(check, true, withContent));
    }

    private void list(Context ctx) {
        Paging.Page<CheckView> page = Paging.slice(checks.list().stream().map(c -> CheckView.of(c, false, false)).toList(),
                Paging.read(ctx, "checks"), "checks", CheckView::name, false);
        ctx.json(new CheckList(page.items(), page.nextCursor()));
    }

    private void delete(Context ctx) {
        String name = ctx.pathParam("name");
        if (!checks.delete(name)) {
            throw ApiException.notFound("no check named '" + name + "'");
        }
        logger.atInfo().addKeyValue("check", name).log("check deleted");
        ctx.status(204);
    }

    private void assigned(Context ctx) {
        String region = AccessControl.probe(ctx).region();
        List<StoredCheck> assigned = checks.forRegion(region);
        String etag = CheckService.etagOf(region, assigned);
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && List.of(ifNoneMatch.split("\\s*,\\s*")).contains(etag)) {
            ctx.status(304);
            return;
        }
        ctx.json(new Assignment(region, etag, assigned.stream().map(AssignedCheck::of).toList()));
    }

    /** A page of checks by name; the whole list is bounded by checks.max-checks and held anyway. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record CheckList(List<CheckView> checks, @Nullable String nextCursor) {}

    /** A probe's checks: its region's, with the ETag of exactly these. */
    record Assignment(String region, String etag, List<AssignedCheck> checks) {}

    /** A check as a probe receives it: what it needs to schedule it, its source and its files' bytes. */
    record AssignedCheck(String name, String kind, String interval, String timeout, int retries, List<String> regions,
            String version, Instant updatedAt, Source source, List<FileContent> files) {

        static AssignedCheck of(StoredCheck c) {
            return new AssignedCheck(c.name(), c.kind(), Durations.format(c.interval()),
                    Durations.format(c.timeout()), c.retries(), c.regions(), c.version(), c.updatedAt(), Source.of(c),
                    c.files().stream().map(f -> new FileContent(f.path(), f.size(), f.sha256(),
                            Base64.getEncoder().encodeToString(f.bytes()))).toList());
        }
    }

    /** A check's file as pushed; {@code format} is yaml, or java for a scenario script. */
    record Source(String file, String text, String format) {
        static Source of(StoredCheck c) {
            return new Source(c.sourceFile(), c.sourceText(), CheckLanguage.formatOf(c.sourceFile()));
        }
    }

    /** A file that travels with a check, described; with its content when asked for ({@code files=true}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FileView(String path, long size, String sha256, @Nullable String base64) {}

    /** A file that travels with a check, with its content. */
    record FileContent(String path, long size, String sha256, String base64) {}

    /**
     * A check as the admin routes show it. {@code owner} is always there (null: made by hand);
     * {@code dryRun} and {@code outcome} only in the answer to a dry run (created, replaced or unchanged).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckView(String name, String kind, String interval, String timeout, int retries, List<String> regions,
            Map<String, String> labels, String version, Instant createdAt, Instant updatedAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String owner, List<FileView> files,
            @Nullable Source source, @Nullable Boolean dryRun, @Nullable String outcome) {

        static CheckView of(StoredCheck c, boolean withSource, boolean withContent) {
            return new CheckView(c.name(), c.kind(), Durations.format(c.interval()), Durations.format(c.timeout()),
                    c.retries(), c.regions(), c.labels(), c.version(), c.createdAt(), c.updatedAt(), c.owner(),
                    c.files().stream().map(f -> new FileView(f.path(), f.size(), f.sha256(),
                            withContent ? Base64.getEncoder().encodeToString(f.bytes()) : null)).toList(),
                    withSource ? Source.of(c) : null, null, null);
        }

        /** The answer to a dry run: nothing was stored, and it says so. */
        CheckView dry(CheckStore.PutOutcome outcome) {
            return new CheckView(name, kind, interval, timeout, retries, regions, labels, version, createdAt, updatedAt, owner,
                    files, source, true, outcome.name().toLowerCase(Locale.ROOT));
        }
    }
}
