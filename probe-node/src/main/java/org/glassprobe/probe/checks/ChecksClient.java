package org.glassprobe.probe.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.glassprobe.scenarios.result.ErrorBody;
import org.glassprobe.scenarios.result.ResultJson;

/**
 * The admin routes of the results API that checks as code uses (docs/api.md, "Checks"): the list,
 * one check with its files, PUT with owner, adopt and dryRun, and DELETE. The admin token goes in
 * the Authorization header only, never into a message.
 */
public final class ChecksClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private final HttpUrl base;
    private final String token;
    private final OkHttpClient http;
    private final ObjectMapper json = ResultJson.newMapper();

    public ChecksClient(HttpUrl base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.http = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).build();
    }

    /** Every check the API holds, described (no text), by name. */
    public List<RemoteCheck> list() throws ApiFailure {
        List<RemoteCheck> all = new ArrayList<>();
        String cursor = null;
        do {
            HttpUrl.Builder url = base.newBuilder().encodedPath("/api/v1/checks").addQueryParameter("limit", "500");
            if (cursor != null) {
                url.addQueryParameter("cursor", cursor);
            }
            Answer answer = call(new Request.Builder().url(url.build()).get(), "list the checks");
            if (answer.status() != 200) {
                throw refused("list the checks", answer);
            }
            for (JsonNode c : answer.body().path("checks")) {
                all.add(remote(c, false));
            }
            JsonNode next = answer.body().path("nextCursor");
            cursor = next.isTextual() ? next.asText() : null;
        } while (cursor != null);
        return all;
    }

    /** One check with its text, and its files' content when {@code withFiles}. */
    public RemoteCheck get(String name, boolean withFiles) throws ApiFailure {
        HttpUrl.Builder url = checkUrl(name);
        if (withFiles) {
            url.addQueryParameter("files", "true");
        }
        Answer answer = call(new Request.Builder().url(url.build()).get(), "read check " + name);
        if (answer.status() != 200) {
            throw refused("read check " + name, answer);
        }
        return remote(answer.body(), withFiles);
    }

    /** What the API answered to a PUT: its status and body (problems on 422, the reason on 409 and 413). */
    public record PutAnswer(int status, JsonNode body) {
        public boolean stored() {
            return status == 200 || status == 201;
        }

        /** The API's reason for a refusal; for a 422 each problem as the CLI prints it. */
        public List<String> reasons() {
            List<String> reasons = new ArrayList<>();
            body.path("problems").forEach(p -> reasons.add(p.path("text").asText(p.toString())));
            if (reasons.isEmpty()) {
                reasons.add(ErrorBody.read(body, "HTTP " + status).error());
            }
            return reasons;
        }
    }

    /**
     * Pushes a check as a JSON bundle with its files. A refusal that the files or a conflict
     * explain (409, 413, 422) is returned; one that they do not (the token, a server error) throws.
     */
    public PutAnswer put(LocalCheck check, String owner, boolean adopt, boolean dryRun) throws ApiFailure {
        ObjectNode bundle = json.createObjectNode().put("check", check.text()).put("fileName", check.file());
        ObjectNode files = bundle.putObject("files");
        check.files().forEach((path, bytes) -> files.put(path, Base64.getEncoder().encodeToString(bytes)));
        HttpUrl.Builder url = checkUrl(check.name()).addQueryParameter("owner", owner);
        if (adopt) {
            url.addQueryParameter("adopt", "true");
        }
        if (dryRun) {
            url.addQueryParameter("dryRun", "true");
        }
        byte[] body;
        try {
            body = json.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String what = (dryRun ? "check (dry run) " : "push ") + check.name();
        Answer answer = call(new Request.Builder().url(url.build()).put(RequestBody.create(body, JSON)), what);
        int status = answer.status();
        if (status == 200 || status == 201 || status == 409 || status == 413 || status == 422) {
            return new PutAnswer(status, answer.body());
        }
        throw refused(what, answer);
    }

    /** Deletes a check; one already gone counts as deleted. */
    public void delete(String name) throws ApiFailure {
        Answer answer = call(new Request.Builder().url(checkUrl(name).build()).delete(), "delete check " + name);
        if (answer.status() != 204 && answer.status() != 404) {
            throw refused("delete check " + name, answer);
        }
    }

    private HttpUrl.Builder checkUrl(String name) {
        return base.newBuilder().encodedPath("/api/v1/checks/").addPathSegment(name);
    }

    private RemoteCheck remote(JsonNode c, boolean withFiles) {
        Map<String, RemoteCheck.RemoteFile> files = new LinkedHashMap<>();
        for (JsonNode f : c.path("files")) {
            byte[] content = withFiles ? Base64.getDecoder().decode(f.path("base64").asText("")) : null;
            files.put(f.path("path").asText(), new RemoteCheck.RemoteFile(f.path("path").asText(),
                    f.path("size").asLong(), f.path("sha256").asText(), content));
        }
        JsonNode source = c.path("source");
        return new RemoteCheck(c.path("name").asText(), c.path("owner").isTextual() ? c.get("owner").asText() : null,
                source.path("file").asText(null), source.path("text").isTextual() ? source.get("text").asText() : null,
                c.path("version").asText(""), files);
    }

    private record Answer(int status, JsonNode body) {}

    private Answer call(Request.Builder request, String what) throws ApiFailure {
        Request r = request.header("Authorization", "Bearer " + token)
                .header("User-Agent", "glassprobe-probe-checks").build();
        try (Response response = http.newCall(r).execute()) {
            String text = response.body().string();
            JsonNode body;
            try {
                body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
            } catch (IOException notJson) {
                body = json.createObjectNode().put("error", text.length() > 300 ? text.substring(0, 300) : text);
            }
            return new Answer(response.code(), body == null ? json.createObjectNode() : body);
        } catch (IOException e) {
            throw new ApiFailure("cannot " + what + ": the results API at " + base + " does not answer ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    private ApiFailure refused(String what, Answer answer) {
        int status = answer.status();
        String hint = status == 401 ? " (the API does not know this token: check GLASSPROBE_ADMIN_TOKEN and --api)"
                : status == 403 ? " (this token may not manage checks: use the API's admin token)" : "";
        return new ApiFailure("cannot " + what + ": HTTP " + status + ": "
                + ErrorBody.read(answer.body(), "no reason given").error() + hint);
    }
}
