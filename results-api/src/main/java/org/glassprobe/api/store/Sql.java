package org.glassprobe.api.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Small JDBC helpers for nullable values and epoch-millisecond times. */
final class Sql {
    private Sql() {}

    /**
     * The rows sorted by a name, character by character as H2 compares them: the same order on
     * every database, whatever collation a PostgreSQL database was created with ({@code ORDER BY}
     * a name would sort "Zeta" after "alpha" on an en_US one and before it on H2).
     */
    static <T> List<T> byName(Collection<T> rows, Function<T, String> name) {
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(name));
        return sorted;
    }

    static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    static void setInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }

    static void setDouble(PreparedStatement s, int index, Double value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.DOUBLE);
        } else {
            s.setDouble(index, value);
        }
    }

    static void setString(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        setLong(s, index, value == null ? null : value.toEpochMilli());
    }

    static Long getLong(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    static Integer getInt(ResultSet r, String column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    static Double getDouble(ResultSet r, String column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    static Instant getInstant(ResultSet r, String column) throws SQLException {
        Long v = getLong(r, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }
}
