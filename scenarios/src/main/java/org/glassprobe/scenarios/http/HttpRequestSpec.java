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
 */
public record HttpRequestSpec(String method, Template url, List<Header> headers, Body body, boolean followRedirects) {
    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = List.copyOf(headers);
    }

    public record Header(String name, Template value) {}
}
