package org.glassprobe.api.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates Quartz's JDBC job-store tables from the script Quartz itself ships for the database in
 * use ({@code tables_h2.sql} or {@code tables_postgres.sql}), so the schema is exactly Quartz's own.
 */
final class QuartzTablesMigration extends StoreMigration {
    private static final String SCRIPTS = "org/quartz/impl/jdbcjobstore/";

    QuartzTablesMigration() {
        super("2", "quartz job store tables");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String script = postgres(c) ? "tables_postgres.sql" : "tables_h2.sql";
        try (Statement s = c.createStatement()) {
            for (String sql : statements(read(script))) {
                s.execute(sql);
            }
        }
    }

    private static String read(String script) throws IOException {
        try (InputStream in = QuartzTablesMigration.class.getClassLoader().getResourceAsStream(SCRIPTS + script)) {
            if (in == null) {
                throw new IOException("Quartz's " + script + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script's statements without comments; a trailing COMMIT is left to Flyway. */
    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String part : text.toString().split(";")) {
            String sql = part.strip();
            if (!sql.isEmpty() && !sql.equalsIgnoreCase("commit")) {
                statements.add(sql);
            }
        }
        return statements;
    }
}
