package org.glassprobe.api;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.glassprobe.api.config.ApiConfig;

/**
 * A throw-away schema in the PostgreSQL database that {@code GLASSPROBE_TEST_POSTGRES_URL} (and
 * optionally {@code _USER}, {@code _PASSWORD}) names, as {@code .ci/run} sets up, and the API
 * settings that put an API (or one store) there with Quartz clustered. Closing it drops the schema.
 */
public final class TestPostgres implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    private final String schema;

    private TestPostgres(String url, String user, String password, String schema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.schema = schema;
    }

    /** A new schema named {@code prefix} and a random suffix; empty when no database is configured. */
    public static Optional<TestPostgres> create(String prefix) throws SQLException {
        String url = System.getenv("GLASSPROBE_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        TestPostgres pg = new TestPostgres(url,
                System.getenv().getOrDefault("GLASSPROBE_TEST_POSTGRES_USER", "postgres"),
                System.getenv().getOrDefault("GLASSPROBE_TEST_POSTGRES_PASSWORD", ""),
                prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        pg.execute("CREATE SCHEMA " + pg.schema);
        return Optional.of(pg);
    }

    /** The environment that points an API at this schema, its periodic jobs clustered. */
    public Map<String, String> apiEnv() {
        return Map.of(
                "GLASSPROBE_DB_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "GLASSPROBE_DB_USER", user,
                "GLASSPROBE_DB_PASSWORD", password,
                "GLASSPROBE_JOBS_CLUSTERED", "true");
    }

    /** The settings that open a store in this schema, as the API opens it with {@link #apiEnv()}. */
    public ApiConfig.Database database(int poolSize) {
        return new ApiConfig.Database(apiEnv().get("GLASSPROBE_DB_URL"), user, password, poolSize);
    }

    /** The database server's host, from the URL. */
    String host() {
        return java.net.URI.create(url.substring("jdbc:".length())).getHost();
    }

    /** The database server's port, from the URL (5432 when it names none). */
    int port() {
        int port = java.net.URI.create(url.substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    /** As {@link #apiEnv()}, with the API reaching the server through {@code 127.0.0.1:port} (a relay). */
    Map<String, String> apiEnv(int relayPort) {
        java.net.URI u = java.net.URI.create(url.substring("jdbc:".length()));
        String relayed = "jdbc:postgresql://127.0.0.1:" + relayPort + u.getRawPath()
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        Map<String, String> env = new java.util.HashMap<>(apiEnv());
        env.put("GLASSPROBE_DB_URL", relayed + (relayed.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        return env;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }
}
