package org.glassprobe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The admin's side of the results API (docs/api.md), as the launcher and the end-to-end tests use it. */
public final class AdminClient {
    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public AdminClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A name as one percent-encoded path segment (docs/api.md, "Check names in URLs"). */
    public static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Pushes a check file with the files its upload steps send (multipart, each part named by its path). */
    public JsonNode putCheck(String name, String fileName, byte[] text, Map<String, byte[]> files)
            throws IOException, InterruptedException {
        String boundary = "glassprobe-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "check", fileName, text);
        for (var f : files.entrySet()) {
            part(body, boundary, f.getKey(), f.getKey().substring(f.getKey().lastIndexOf('/') + 1), f.getValue());
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/api/v1/checks/" + segment(name))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), "push check " + name);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, byte[] bytes)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(bytes);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    public void deleteCheck(String name) throws IOException, InterruptedException {
        send(request("/api/v1/checks/" + segment(name)).DELETE(), "delete check " + name);
    }

    /** The enrolled probes: one page of up to 1000, which a local network never passes. */
    public JsonNode probes() throws IOException, InterruptedException {
        return send(request("/api/v1/probes?limit=1000").GET(), "list probes");
    }

    /** Every stored result of a check (all pages), each with its probe and region. */
    public List<JsonNode> results(String check) throws IOException, InterruptedException {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 10_000; page++) {
            String query = "?limit=1000&from=2000-01-01T00:00:00Z" + (cursor == null ? "" : "&cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode answer = send(request("/api/v1/checks/" + segment(check) + "/results" + query).GET(),
                    "read results of " + check);
            answer.path("results").forEach(all::add);
            if (!answer.hasNonNull("nextCursor")) {
                return all;
            }
            cursor = answer.get("nextCursor").asText();
        }
        throw new IOException("more than 10 million results of " + check + "; stopped reading");
    }

    /** Any other admin call: a JSON body (or none) to a path; the answer as JSON, anything but 2xx an IOException. */
    public JsonNode call(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).method(method, jsonBody == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, method + " " + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException("cannot " + what + ": HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }
}
