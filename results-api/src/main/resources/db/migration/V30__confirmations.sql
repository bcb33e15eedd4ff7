-- Confirmation runs (issue 20): when a run fails in one region (or a failing region passes again),
-- the API asks the other live probes of the check to run it at once, and decides as soon as their
-- results are in. Times are epoch ms. Portable SQL only (H2 and PostgreSQL).

-- One round per check and period at most: a round is started by moving last_round_at forward with
-- a conditional UPDATE, which only one decider (thread or replica) can win. last_trigger_at is the
-- start of the run that caused it: a later round needs a later run.
CREATE TABLE confirm_slots (
    check_name      VARCHAR(100) NOT NULL PRIMARY KEY,
    last_round_at   BIGINT       NOT NULL,
    last_trigger_at BIGINT       NOT NULL
);

-- A round: what caused it and until when its answers are waited for.
CREATE TABLE confirm_rounds (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    check_name         VARCHAR(100) NOT NULL,
    reason             VARCHAR(16)  NOT NULL,
    trigger_probe      VARCHAR(64)  NOT NULL,
    trigger_region     VARCHAR(32)  NOT NULL,
    trigger_result     VARCHAR(36)  NOT NULL,
    trigger_started_at BIGINT       NOT NULL,
    created_at         BIGINT       NOT NULL,
    deadline           BIGINT       NOT NULL,
    skipped            VARCHAR(2000)
);
CREATE INDEX confirm_rounds_check ON confirm_rounds (check_name, created_at);
CREATE INDEX confirm_rounds_deadline ON confirm_rounds (deadline);

-- Each probe asked in a round; answered once its confirmation result is stored. A probe's pending
-- commands are its unanswered asks of rounds before their deadline.
CREATE TABLE confirm_asks (
    round_id    VARCHAR(36) NOT NULL,
    probe_name  VARCHAR(64) NOT NULL,
    region      VARCHAR(32) NOT NULL,
    asked_at    BIGINT      NOT NULL,
    deadline    BIGINT      NOT NULL,
    answered_at BIGINT,
    result_id   VARCHAR(36),
    ok          BOOLEAN,
    PRIMARY KEY (round_id, probe_name)
);
CREATE INDEX confirm_asks_probe ON confirm_asks (probe_name, asked_at);
CREATE INDEX confirm_asks_pending ON confirm_asks (deadline);

-- A probe's budget of confirmation runs: its row is locked (SELECT ... FOR UPDATE) while its asks
-- of the last minute are counted and a new one added, so that replicas deciding at once cannot ask
-- one probe for more than confirmations.max-runs-per-minute.
CREATE TABLE confirm_budgets (
    probe_name VARCHAR(64) NOT NULL PRIMARY KEY
);
