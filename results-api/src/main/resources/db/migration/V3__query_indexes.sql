-- Indexes that keep summaries fast with months of data (measured with 10 million results):
-- the roll-up rows of one check in a time range without walking every region's rows, and the
-- results of one check not rolled up yet without fetching every raw row of the window.
CREATE INDEX rollup_minute_check_time ON rollup_minute (check_name, bucket_start);
CREATE INDEX rollup_hour_check_time ON rollup_hour (check_name, bucket_start);
DROP INDEX results_pending;
CREATE INDEX results_pending ON results (rolled_up, check_name, started_at);
