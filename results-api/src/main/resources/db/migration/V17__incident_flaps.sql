-- Flap control: since when an open incident has been clear (null: its trouble is seen now), how
-- many times its trouble came back after it had cleared (more than 0: flapping), and, once ended,
-- the runs its regions made while it was open and how many failed.
ALTER TABLE incidents ADD COLUMN cleared_at BIGINT;
ALTER TABLE incidents ADD COLUMN flaps INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE incidents ADD COLUMN runs INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE incidents ADD COLUMN failed_runs INTEGER DEFAULT 0 NOT NULL;
-- A regional slowdown's kind, regional_degraded, is longer than the kinds before it.
ALTER TABLE incidents ALTER COLUMN kind SET DATA TYPE VARCHAR(32);
