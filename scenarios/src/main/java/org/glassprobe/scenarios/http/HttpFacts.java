package org.glassprobe.scenarios.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.MediaType;
import org.glassprobe.scenarios.condition.Facts;
import org.glassprobe.scenarios.condition.JsonPath;
import org.glassprobe.scenarios.condition.Placeholder;
import org.glassprobe.scenarios.result.TlsInfo;

/** What an HTTP response tells conditions and captures; the body is decoded and parsed once, on first use. */
final class HttpFacts implements Facts {
    private final int status;
    private final double responseTimeMs;
    private final Headers headers;
    private final byte[] body;
    private final String remoteIp;
    private final TlsInfo tls;
    private final Instant now;
    private String text;
    private Optional<JsonNode> json;

    HttpFacts(int status, double responseTimeMs, Headers headers, byte[] body, String remoteIp, TlsInfo tls,
            Instant now) {
        this.status = status;
        this.responseTimeMs = responseTimeMs;
        this.headers = headers;
        this.body = body;
        this.remoteIp = remoteIp;
        this.tls = tls;
        this.now = now;
    }

    String text() {
        if (text == null) {
            MediaType type = MediaType.parse(headers.get("Content-Type") == null ? "" : headers.get("Content-Type"));
            Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
            text = new String(body, charset);
        }
        return text;
    }

    Optional<JsonNode> json() {
        if (json == null) {
            json = JsonPath.readTree(text());
        }
        return json;
    }

    Optional<String> header(String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    @Override
    public Optional<String> value(Placeholder.Kind kind, String argument) {
        return switch (kind) {
            case STATUS -> Optional.of(Integer.toString(status));
            case RESPONSE_TIME -> Optional.of(plain(responseTimeMs));
            case BODY -> argument.isEmpty() ? Optional.of(text()) : json().flatMap(JsonPath.parse(argument)::find);
            case HEADER -> header(argument);
            case CONNECTED -> Optional.of("true");
            case IP -> Optional.ofNullable(remoteIp);
            case CERTIFICATE_EXPIRATION -> tls().map(t -> Long.toString(t.expiresIn(now).toMillis()));
            case CERTIFICATE_TRUSTED -> tls().map(t -> Boolean.toString(t.trusted()));
            case CERTIFICATE_HOSTNAME -> tls().map(t -> Boolean.toString(t.hostnameMatch()));
            case TLS_VERSION -> tls().map(TlsInfo::version);
            case PROPAGATION -> Optional.empty();
            case DNS_RCODE -> Optional.empty();
        };
    }

    /** The final response's TLS facts; none over plain HTTP. */
    private Optional<TlsInfo> tls() {
        return Optional.ofNullable(tls);
    }

    static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
