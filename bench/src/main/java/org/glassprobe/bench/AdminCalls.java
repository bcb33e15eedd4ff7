package org.glassprobe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.glassprobe.local.LocalNetwork;

/** The benchmarks' calls to the results API of a local network, with its admin token. */
final class AdminCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCalls() {}

    /** Calls the API; the answer's body as JSON (a null node when empty); any answer but 2xx is an IOException naming it. */
    static JsonNode call(HttpClient http, LocalNetwork network, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(network.apiUrl() + path))
                .header("Authorization", "Bearer " + network.adminToken()).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
