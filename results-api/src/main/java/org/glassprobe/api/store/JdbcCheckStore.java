package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.glassprobe.api.checks.CheckFile;
import org.glassprobe.api.checks.CheckStore;
import org.glassprobe.api.checks.StoredCheck;
import org.glassprobe.api.storage.StoreException;

/** The check catalogue: each check's file text, its files (base64 in parts) and parsed fields. */
public final class JdbcCheckStore implements CheckStore {
    /** base64 characters per stored part of a file (the column holds 700,000). */
    static final int PART_CHARS = 699_996;

    private final Database db;

    public JdbcCheckStore(Database db) {
        this.db = db;
    }

    /**
     * Stores the check (with its files' content), replacing one of the same name.
     *
     * @param outagePolicy its outage policy in the stored form the outage decisions read (null: the defaults)
     */
    @Override
    public PutOutcome put(StoredCheck check, String outagePolicy, int maxChecks) {
        return db.journaled(new JournalOp.PutCheck(check, outagePolicy, maxChecks), c -> {
            Long id = null;
            String version = null;
            String owner = null;
            String regions = null;
            try (PreparedStatement s = c.prepareStatement("SELECT id, version, owner, regions FROM checks"
                    + " WHERE name = ?")) {
                s.setString(1, check.name());
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        id = r.getLong(1);
                        version = r.getString(2);
                        owner = r.getString(3);
                        regions = r.getString(4);
                    }
                }
            }
            if (id != null && version.equals(check.version())) {
                if (Objects.equals(owner, check.owner())) {
                    return PutOutcome.UNCHANGED;
                }
                // the same file and files, taken over by (or given to) another owner: only the owner changes
                try (PreparedStatement s = c.prepareStatement("UPDATE checks SET owner = ?, updated_at = ? WHERE id = ?")) {
                    Sql.setString(s, 1, check.owner());
                    s.setLong(2, check.updatedAt().toEpochMilli());
                    s.setLong(3, id);
                    s.executeUpdate();
                }
                return PutOutcome.REPLACED;
            }
            if (id == null) {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM checks")) {
                    r.next();
                    if (r.getLong(1) >= maxChecks) {
                        return PutOutcome.TOO_MANY;
                    }
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO checks (name, kind, interval_ms, timeout_ms,"
                        + " retries, regions, source_file, source_text, version, created_at, updated_at, outage_policy, labels,"
                        + " owner)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                    bind(s, check);
                    s.setLong(10, check.createdAt().toEpochMilli());
                    s.setLong(11, check.updatedAt().toEpochMilli());
                    Sql.setString(s, 12, outagePolicy);
                    Sql.setString(s, 13, Labels.write(check.labels()));
                    Sql.setString(s, 14, check.owner());
                    s.executeUpdate();
                    try (ResultSet keys = s.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
            } else {
                try (PreparedStatement s = c.prepareStatement("UPDATE checks SET name = ?, kind = ?, interval_ms = ?,"
                        + " timeout_ms = ?, retries = ?, regions = ?, source_file = ?, source_text = ?, version = ?,"
                        + " updated_at = ?, outage_policy = ?, labels = ?, owner = ? WHERE id = ?")) {
                    bind(s, check);
                    s.setLong(10, check.updatedAt().toEpochMilli());
                    Sql.setString(s, 11, outagePolicy);
                    Sql.setString(s, 12, Labels.write(check.labels()));
                    Sql.setString(s, 13, check.owner());
                    s.setLong(14, id);
                    s.executeUpdate();
                }
                if (!regions.equals(String.join(",", check.regions()))) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE checks SET previous_regions = ?,"
                            + " regions_changed_at = ? WHERE id = ?")) {
                        s.setString(1, regions);
                        s.setLong(2, check.updatedAt().toEpochMilli());
                        s.setLong(3, id);
                        s.executeUpdate();
                    }
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM check_files WHERE check_id = ?")) {
                    s.setLong(1, id);
                    s.executeUpdate();
                }
            }
            insertFiles(c, id, check.files());
            return version == null ? PutOutcome.CREATED : PutOutcome.REPLACED;
        });
    }

    private static void bind(PreparedStatement s, StoredCheck check) throws SQLException {
        s.setString(1, check.name());
        s.setString(2, check.kind());
        s.setLong(3, check.interval().toMillis());
        s.setLong(4, check.timeout().toMillis());
        s.setInt(5, check.retries());
        s.setString(6, String.join(",", check.regions()));
        s.setString(7, check.sourceFile());
        s.setString(8, check.sourceText());
        s.setString(9, check.version());
    }

    private static void insertFiles(Connection c, long checkId, List<CheckFile> files) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO check_files (check_id, path, part, size_bytes,"
                + " sha256, content_base64) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CheckFile file : files) {
                String base64 = Base64.getEncoder().encodeToString(file.bytes());
                int part = 0;
                for (int start = 0; start == 0 || start < base64.length(); start += PART_CHARS) {
                    s.setLong(1, checkId);
                    s.setString(2, file.path());
                    s.setInt(3, part++);
                    s.setLong(4, file.size());
                    s.setString(5, file.sha256());
                    s.setString(6, base64.substring(start, Math.min(base64.length(), start + PART_CHARS)));
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    @Override
    public Optional<StoredCheck> find(String name) {
        return db.read(c -> {
            List<StoredCheck> found = select(c, "WHERE name = ?", name, true, false);
            return found.isEmpty() ? Optional.<StoredCheck>empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public Optional<StoredCheck> findWithContent(String name) {
        return db.read(c -> {
            List<StoredCheck> found = select(c, "WHERE name = ?", name, true, true);
            return found.isEmpty() ? Optional.<StoredCheck>empty() : Optional.of(found.get(0));
        });
    }

    /** Every check, described (file text and content left out), by name. */
    @Override
    public List<StoredCheck> list() {
        return db.read(c -> select(c, "", null, false, false));
    }

    private static List<String> regionList(String column) {
        return column.isEmpty() ? List.of() : List.of(column.split(","));
    }

    @Override
    public Map<String, Assignment> assignments(Collection<String> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> all = List.copyOf(names);
        return db.read(c -> {
            Map<String, Assignment> found = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, regions, previous_regions, regions_changed_at"
                    + " FROM checks WHERE name IN (" + Sql.placeholders(all.size()) + ")")) {
                for (int i = 0; i < all.size(); i++) {
                    s.setString(i + 1, all.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String previous = r.getString("previous_regions");
                        found.put(r.getString("name"), new Assignment(regionList(r.getString("regions")),
                                previous == null ? null : regionList(previous), Sql.getInstant(r, "regions_changed_at")));
                    }
                }
            }
            return found;
        });
    }

    /** Every check with its text and files' content (for the probes' download), by name. */
    @Override
    public List<StoredCheck> listWithContent() {
        return db.read(c -> select(c, "", null, true, true));
    }

    @Override
    public boolean delete(String name) {
        return db.journaled(new JournalOp.DeleteCheck(name), c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "DELETE FROM check_files WHERE check_id IN (SELECT id FROM checks WHERE name = ?)")) {
                s.setString(1, name);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM checks WHERE name = ?")) {
                s.setString(1, name);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static List<StoredCheck> select(Connection c, String where, String param, boolean withText,
            boolean withContent) throws SQLException {
        Map<Long, StoredCheck> checks = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, kind, interval_ms, timeout_ms, retries, regions,"
                + " source_file, " + (withText ? "source_text" : "'' AS source_text") + ", version, created_at,"
                + " updated_at, labels, owner FROM checks " + where)) {
            if (param != null) {
                s.setString(1, param);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String regions = r.getString("regions");
                    checks.put(r.getLong("id"), new StoredCheck(r.getString("name"), r.getString("kind"),
                            Duration.ofMillis(r.getLong("interval_ms")), Duration.ofMillis(r.getLong("timeout_ms")),
                            r.getInt("retries"), regions.isEmpty() ? List.of() : Arrays.asList(regions.split(",")),
                            r.getString("source_file"), withText ? r.getString("source_text") : null,
                            r.getString("version"), Sql.getInstant(r, "created_at"), Sql.getInstant(r, "updated_at"),
                            List.of(), Labels.read(r.getString("labels")), r.getString("owner")));
                }
            }
        }
        if (checks.isEmpty()) {
            return List.of();
        }
        Map<Long, Map<String, FileParts>> files = new LinkedHashMap<>();
        String filter = param != null ? "WHERE check_id = " + checks.keySet().iterator().next() : "";
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT check_id, path, part, size_bytes,"
                + " sha256" + (withContent ? ", content_base64" : "") + " FROM check_files " + filter
                + " ORDER BY check_id, path, part")) {
            while (r.next()) {
                FileParts parts = files.computeIfAbsent(r.getLong("check_id"), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.getString("path"), p -> new FileParts(r, withContent));
                if (withContent) {
                    parts.base64.append(r.getString("content_base64"));
                }
            }
        }
        List<StoredCheck> result = new ArrayList<>();
        for (var entry : checks.entrySet()) {
            StoredCheck check = entry.getValue();
            List<CheckFile> checkFiles = new ArrayList<>();
            for (var f : Sql.byName(files.getOrDefault(entry.getKey(), Map.of()).entrySet(), Map.Entry::getKey)) {
                FileParts p = f.getValue();
                checkFiles.add(new CheckFile(f.getKey(), p.size, p.sha256,
                        withContent ? Base64.getDecoder().decode(p.base64.toString()) : null));
            }
            result.add(new StoredCheck(check.name(), check.kind(), check.interval(), check.timeout(), check.retries(),
                    check.regions(), check.sourceFile(), check.sourceText(), check.version(), check.createdAt(),
                    check.updatedAt(), checkFiles, check.labels(), check.owner()));
        }
        return Sql.byName(result, StoredCheck::name);
    }

    private static final class FileParts {
        final long size;
        final String sha256;
        final StringBuilder base64 = new StringBuilder();

        FileParts(ResultSet r, boolean withContent) {
            try {
                this.size = r.getLong("size_bytes");
                this.sha256 = r.getString("sha256");
            } catch (SQLException e) {
                throw new StoreException("cannot read a check file row", e);
            }
        }
    }
}
