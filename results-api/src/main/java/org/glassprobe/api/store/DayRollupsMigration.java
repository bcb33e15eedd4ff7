package org.glassprobe.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.flywaydb.core.api.migration.Context;
import org.glassprobe.api.rollup.Bucket;
import org.glassprobe.api.rollup.Resolution;

/**
 * Fills {@code rollup_day} (V20) from the hour rows already stored: each UTC day's hour rows of a
 * check and region merged into one row. The histograms are mergeable, so a day row made here is
 * exactly the one the roll-up job would have made from the same results.
 */
final class DayRollupsMigration extends StoreMigration {
    DayRollupsMigration() {
        super("21", "day rollups from hour rollups");
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (PreparedStatement read = c.prepareStatement("SELECT check_name, region, bucket_start, runs, failures,"
                + " error_kinds, " + ResultRows.HIST_COLUMNS + " FROM rollup_hour"
                + " ORDER BY check_name, region, bucket_start");
             PreparedStatement write = c.prepareStatement("INSERT INTO rollup_day (runs, failures, error_kinds, "
                + ResultRows.HIST_COLUMNS + ", check_name, region, bucket_start)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            read.setFetchSize(1000); // PostgreSQL streams with a cursor inside the migration's transaction
            String check = null;
            String region = null;
            long day = Long.MIN_VALUE;
            Bucket bucket = null;
            int batched = 0;
            try (ResultSet r = read.executeQuery()) {
                while (r.next()) {
                    String rowCheck = r.getString(1);
                    String rowRegion = r.getString(2);
                    long rowDay = Resolution.DAY.bucketStart(r.getLong(3));
                    if (bucket != null && (rowDay != day || !rowCheck.equals(check) || !rowRegion.equals(region))) {
                        add(write, bucket, check, region, day);
                        if (++batched % 500 == 0) {
                            write.executeBatch();
                        }
                        bucket = null;
                    }
                    if (bucket == null) {
                        bucket = new Bucket();
                        check = rowCheck;
                        region = rowRegion;
                        day = rowDay;
                    }
                    bucket.merge(r.getLong(4), r.getLong(5), r.getString(6), ResultRows.histograms(r, 7));
                }
            }
            if (bucket != null) {
                add(write, bucket, check, region, day);
            }
            write.executeBatch();
        }
    }

    private static void add(PreparedStatement write, Bucket bucket, String check, String region, long day)
            throws java.sql.SQLException {
        JdbcRollupStore.bindBucket(write, bucket);
        write.setString(10, check);
        write.setString(11, region);
        write.setLong(12, day);
        write.addBatch();
    }
}
