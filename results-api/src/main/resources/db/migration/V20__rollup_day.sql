-- Day roll-ups: the same runs, failures and histograms as rollup_hour, one row per check, region
-- and UTC day, folded by the roll-up job in the same transaction as the hour and minute rows (a
-- late result updates all three at once). Summaries and the uptime page read whole days from
-- here instead of 24 hour rows each: a 90-day summary merges about 90 rows per region instead
-- of 2,160. V21 fills it from the hour rows already stored. Portable SQL only.
CREATE TABLE rollup_day (
    check_name      VARCHAR(100)  NOT NULL,
    region          VARCHAR(32)   NOT NULL,
    bucket_start    BIGINT        NOT NULL,
    runs            BIGINT        NOT NULL,
    failures        BIGINT        NOT NULL,
    error_kinds     VARCHAR(1000) NOT NULL,
    total_hist      VARCHAR(32000) NOT NULL,
    resolve_hist    VARCHAR(32000) NOT NULL,
    connect_hist    VARCHAR(32000) NOT NULL,
    tls_hist        VARCHAR(32000) NOT NULL,
    processing_hist VARCHAR(32000) NOT NULL,
    transfer_hist   VARCHAR(32000) NOT NULL,
    PRIMARY KEY (check_name, region, bucket_start)
);
CREATE INDEX rollup_day_check_time ON rollup_day (check_name, bucket_start);
CREATE INDEX rollup_day_counts ON rollup_day (bucket_start, check_name, region, runs, failures);
