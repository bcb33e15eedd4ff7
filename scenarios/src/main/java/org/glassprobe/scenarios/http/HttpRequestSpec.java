package org.glassprobe.scenarios.http;

import java.util.List;
import java.util.Objects;
import org.glassprobe.scenarios.model.Template;

/**
 * The request an HTTP step makes.
 *
 * @param method          GET, POST, ...
 * @param url             absolute http or https URL, after variables are put in
 * @param headers         in the order written
 * @param body            the body, or null for none
 * @param followRedirects whether 3xx responses are followed (default true)
 * @param acceptUntrusted whether the TLS handshake goes on with a certificate chain the probe would
 *                        refuse (untrusted issuer, expired, for another host), so that conditions can
 *                        still look at it (default false: such a chain fails the step with kind tls)
 */
public record HttpRequestSpec(String method, Template url, List<Header> headers, Body body, boolean followRedirects,
        boolean acceptUntrusted) {
    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = List.copyOf(headers);
    }

    /** A request that trusts only what the probe trusts. */
    public HttpRequestSpec(String method, Template url, List<Header> headers, Body body, boolean followRedirects) {
        this(method, url, headers, body, followRedirects, false);
    }

    public record Header(String name, Template value) {}
}
