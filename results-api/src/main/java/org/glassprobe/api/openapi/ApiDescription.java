package org.glassprobe.api.openapi;

import java.util.ArrayList;
import java.util.List;
import org.glassprobe.api.auth.Role;

/**
 * What every route takes and answers, as the route groups describe them: the input of
 * {@link OpenApiDocument}. One {@link Route} per method and path.
 */
public final class ApiDescription {
    private final List<Route> operations = new ArrayList<>();

    public Route get(String path, Role role, String summary) {
        return add("GET", path, role, summary);
    }

    public Route post(String path, Role role, String summary) {
        return add("POST", path, role, summary);
    }

    public Route put(String path, Role role, String summary) {
        return add("PUT", path, role, summary);
    }

    public Route delete(String path, Role role, String summary) {
        return add("DELETE", path, role, summary);
    }

    List<Route> operations() {
        return List.copyOf(operations);
    }

    private Route add(String method, String path, Role role, String summary) {
        Route op = new Route(method, path, role, summary);
        operations.add(op);
        return op;
    }
}
