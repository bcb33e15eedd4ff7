package org.glassprobe.api.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassprobe.api.auth.Role;

/**
 * One route, described: its parameters, what it takes and each answer with its status. Answers
 * every route may give (a token refused, the database away, an internal error) are added by
 * {@link OpenApiDocument}; an operation names only its own.
 */
public final class Route {
    /** A query parameter; its values are text in the URL, {@code type} says what that text must be. */
    record Param(String name, String type, String description) {}

    /** A body: JSON of {@code type} when it is set, else the media type's bytes, described. */
    record Body(String mediaType, Class<?> type, String description) {}

    final String method;
    final String path;
    final Role role;
    final String summary;
    String description;
    boolean usesDatabase = true;
    final List<Param> query = new ArrayList<>();
    final Map<String, String> pathParams = new LinkedHashMap<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    final List<Body> requests = new ArrayList<>();
    final Map<Integer, Body> answers = new LinkedHashMap<>();

    Route(String method, String path, Role role, String summary) {
        this.method = method;
        this.path = path;
        this.role = role;
        this.summary = summary;
    }

    /** A longer text than the summary: what the route does that a caller must know. */
    public Route description(String text) {
        this.description = text;
        return this;
    }

    /** The route answers without the database (so never its 503). */
    public Route withoutDatabase() {
        this.usesDatabase = false;
        return this;
    }

    /** A path parameter ({@code {name}} in the path), described. */
    public Route path(String name, String text) {
        pathParams.put(name, text);
        return this;
    }

    /** An optional query parameter whose value is text. */
    public Route query(String name, String text) {
        return query(name, "string", text);
    }

    /** An optional query parameter whose value must be a JSON-schema {@code type} (integer, string). */
    public Route query(String name, String type, String text) {
        query.add(new Param(name, type, text));
        return this;
    }

    /**
     * The route answers one page of a list that can grow: {@code limit} and {@code cursor} (the
     * previous page's {@code nextCursor}, null on the last page), as every list does, and a bad one
     * is a 400 (a later {@link #fails} of 400 names the route's other reasons too).
     */
    public Route paged(int defaultLimit, int maxLimit) {
        query("limit", "integer", "items per page: 1 to " + maxLimit + ", default " + defaultLimit);
        query("cursor", "the previous page's nextCursor, unchanged; the first page without it");
        return fails(400, "a bad limit or cursor");
    }

    /** A request header the route reads (e.g. {@code If-None-Match}). */
    public Route header(String name, String text) {
        headers.put(name, text);
        return this;
    }

    /** A JSON request body of this type. */
    public Route takes(Class<?> type, String text) {
        requests.add(new Body("application/json", type, text));
        return this;
    }

    /** A request body of another media type (YAML, multipart), described. */
    public Route takes(String mediaType, String text) {
        requests.add(new Body(mediaType, null, text));
        return this;
    }

    /** An answer with a JSON body of this type. */
    public Route answers(int status, Class<?> type, String text) {
        answers.put(status, new Body("application/json", type, text));
        return this;
    }

    /** An answer whose body is of another media type (HTML, SVG, Prometheus text), described. */
    public Route answers(int status, String mediaType, String text) {
        answers.put(status, new Body(mediaType, null, text));
        return this;
    }

    /** An answer without a body (204, 304). */
    public Route empty(int status, String text) {
        answers.put(status, new Body(null, null, text));
        return this;
    }

    /** An error answer: the one error shape, {@code {"error": …, "problems": […]}}. */
    public Route fails(int status, String when) {
        answers.put(status, new Body("application/json", ErrorShape.class, when));
        return this;
    }

    /** Marks the error answers' body; the document names it {@code Error}. */
    static final class ErrorShape {
        private ErrorShape() {}
    }
}
