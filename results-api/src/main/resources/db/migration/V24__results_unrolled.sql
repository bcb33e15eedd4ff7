-- Results not yet folded into the roll-ups are listed in a table of their own, with the columns a
-- roll-up and a summary read; the roll-up job deletes a row once it has folded it. Before, a flag
-- on results (rolled_up) marked them, and setting it wrote every result twice: on PostgreSQL a new
-- version of the row and of each of its indexes' entries (rolled_up was indexed, so no HOT
-- update), left for a vacuum to give back; about a third of a result's bytes on disk. Now a result
-- is written once. Results taken in maintenance are never listed: no summary reads them.
-- Its key, (check_name, started_at, id), is also the order a summary reads it in: one index, the
-- fewest pages written per stored batch (H2 writes each changed page at every commit).
CREATE TABLE results_unrolled (
    id            UUID             NOT NULL,
    check_name    VARCHAR(100)     NOT NULL,
    region        VARCHAR(32)      NOT NULL,
    started_at    BIGINT           NOT NULL,
    ok            BOOLEAN          NOT NULL,
    duration_ms   DOUBLE PRECISION NOT NULL,
    resolve_ms    DOUBLE PRECISION NOT NULL,
    connect_ms    DOUBLE PRECISION NOT NULL,
    tls_ms        DOUBLE PRECISION NOT NULL,
    processing_ms DOUBLE PRECISION NOT NULL,
    transfer_ms   DOUBLE PRECISION NOT NULL,
    error_kind    VARCHAR(16),
    CONSTRAINT results_unrolled_key PRIMARY KEY (check_name, started_at, id)
);
INSERT INTO results_unrolled (id, check_name, region, started_at, ok, duration_ms, resolve_ms, connect_ms,
        tls_ms, processing_ms, transfer_ms, error_kind)
    SELECT id, check_name, region, started_at, ok, duration_ms, resolve_ms, connect_ms, tls_ms, processing_ms,
        transfer_ms, error_kind
    FROM results WHERE rolled_up = FALSE;
DROP INDEX results_pending;
ALTER TABLE results DROP COLUMN rolled_up;
