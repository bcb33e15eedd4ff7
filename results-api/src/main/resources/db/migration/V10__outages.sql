-- Outage decisions (docs/outages.md). Portable SQL only: every statement runs on H2 and PostgreSQL.
-- Times are epoch milliseconds.

-- Each check's decided state. state is operational, degraded, regional_failure, outage, maintenance
-- or unknown; since is when it entered it. outage_id, regional_id and degraded_id name the check's
-- open incidents of each kind (null: none open). version grows with every write, so that two
-- replicas deciding about the same check at once cannot both write (the second decides again).
CREATE TABLE outage_checks (
    check_name   VARCHAR(100) NOT NULL PRIMARY KEY,
    state        VARCHAR(20)  NOT NULL,
    since        BIGINT       NOT NULL,
    outage_id    VARCHAR(40),
    regional_id  VARCHAR(40),
    degraded_id  VARCHAR(40),
    version      BIGINT       NOT NULL,
    decided_at   BIGINT       NOT NULL
);

-- Each region's state for a check: voting (a live probe with a fresh result), failing and degraded
-- (with their hysteresis: a failing region stays failing until its recovery run of passes), the
-- latest failure's message there.
CREATE TABLE outage_regions (
    check_name  VARCHAR(100)  NOT NULL,
    region      VARCHAR(32)   NOT NULL,
    state       VARCHAR(20)   NOT NULL,
    since       BIGINT        NOT NULL,
    failing     BOOLEAN       NOT NULL,
    degraded    BOOLEAN       NOT NULL,
    last_error  VARCHAR(2000),
    PRIMARY KEY (check_name, region)
);

-- Incidents: outages, regional failures (fewer failing regions than the quorum) and degraded
-- episodes. regions: every region that failed (or was degraded) during it, comma-separated.
-- notified: whether its opening was announced (not inside a maintenance window), so that its end is too.
CREATE TABLE incidents (
    id              VARCHAR(40)   NOT NULL PRIMARY KEY,
    kind            VARCHAR(16)   NOT NULL,
    check_name      VARCHAR(100)  NOT NULL,
    opened_at       BIGINT        NOT NULL,
    resolved_at     BIGINT,
    regions         VARCHAR(4000) NOT NULL,
    first_result_id VARCHAR(40),
    error_summary   VARCHAR(2000),
    notified        BOOLEAN       NOT NULL
);
CREATE INDEX incidents_check ON incidents (check_name, opened_at);
CREATE INDEX incidents_kind ON incidents (kind, opened_at);

-- A decision reads a region's recent results of a check: its last runs, its failures in a window.
CREATE INDEX results_check_region_time ON results (check_name, region, started_at);

-- A check's outage policy (the check file's outage section), as the API stores it: JSON, null for
-- the defaults. Written with the check, read by every decision about it.
ALTER TABLE checks ADD COLUMN outage_policy VARCHAR(2000);
