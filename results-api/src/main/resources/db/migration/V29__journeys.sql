-- Cross-region journeys (issue 19): one region writes an object, the others read it until its bytes
-- are identical. Both are written from the probes' results, in the transaction that stores the
-- result (so an acknowledged result has them), keyed by the result's id. Times are epoch ms.
-- Portable SQL only (H2 and PostgreSQL).

-- What a writer published: one row per writer result that carried an object. The newest by round
-- is what readers are given (GET /api/v1/probe/journeys/{check}).
CREATE TABLE journey_objects (
    result_id    UUID          NOT NULL PRIMARY KEY,
    check_name   VARCHAR(100)  NOT NULL,
    round_at     BIGINT        NOT NULL,
    probe_name   VARCHAR(64)   NOT NULL,
    region       VARCHAR(32)   NOT NULL,
    url          VARCHAR(2000) NOT NULL,
    sha256       VARCHAR(64)   NOT NULL,
    size_bytes   BIGINT        NOT NULL,
    content_type VARCHAR(200),
    file_path    VARCHAR(500),
    step_name    VARCHAR(200),
    uploaded_at  BIGINT        NOT NULL
);
CREATE INDEX journey_objects_newest ON journey_objects (check_name, round_at);

-- What a reader measured of the object of its own round (fresh reads only): one row per reader
-- result. propagation_ms is null when the bytes were never identical within the run's timeout.
CREATE TABLE journey_reads (
    result_id      UUID             NOT NULL PRIMARY KEY,
    check_name     VARCHAR(100)     NOT NULL,
    region         VARCHAR(32)      NOT NULL,
    probe_name     VARCHAR(64)      NOT NULL,
    round_at       BIGINT           NOT NULL,
    started_at     BIGINT           NOT NULL,
    object_id      UUID             NOT NULL,
    writer_region  VARCHAR(32)      NOT NULL,
    ok             BOOLEAN          NOT NULL,
    propagation_ms DOUBLE PRECISION,
    upper_bound    BOOLEAN          NOT NULL,
    read_count     INTEGER          NOT NULL,
    missing        INTEGER          NOT NULL,
    stale          INTEGER          NOT NULL,
    different      INTEGER          NOT NULL,
    errors         INTEGER          NOT NULL
);
CREATE INDEX journey_reads_check_round ON journey_reads (check_name, round_at);

-- Reads not yet folded into journey_rollup_hour, as results_unrolled lists results (V24): the
-- roll-up job folds and deletes them; retention deletes a read only once it is folded.
CREATE TABLE journey_reads_unrolled (
    check_name VARCHAR(100) NOT NULL,
    round_at   BIGINT       NOT NULL,
    result_id  UUID         NOT NULL,
    CONSTRAINT journey_reads_unrolled_key PRIMARY KEY (check_name, round_at, result_id)
);

-- Propagation per check, reading region and UTC hour of the round, kept as long as hour roll-ups.
CREATE TABLE journey_rollup_hour (
    check_name       VARCHAR(100)     NOT NULL,
    region           VARCHAR(32)      NOT NULL,
    bucket_start     BIGINT           NOT NULL,
    read_count       BIGINT           NOT NULL,
    measured         BIGINT           NOT NULL,
    not_in_time      BIGINT           NOT NULL,
    upper_bounds     BIGINT           NOT NULL,
    max_ms           DOUBLE PRECISION,
    propagation_hist VARCHAR(32000)   NOT NULL,
    CONSTRAINT journey_rollup_hour_key PRIMARY KEY (check_name, region, bucket_start)
);
