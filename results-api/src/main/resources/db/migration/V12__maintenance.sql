-- Maintenance windows (docs/api.md, Maintenance). Portable SQL only; times are epoch milliseconds.
-- check_name null: every check. One-off: starts_at and ends_at. Recurring: a Quartz cron expression
-- in time_zone, each occurrence lasting duration_ms, between starts_at and ends_at when given.
CREATE TABLE maintenance_windows (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    check_name  VARCHAR(100),
    starts_at   BIGINT,
    ends_at     BIGINT,
    cron        VARCHAR(200),
    duration_ms BIGINT,
    time_zone   VARCHAR(64),
    reason      VARCHAR(500),
    created_at  BIGINT       NOT NULL
);
