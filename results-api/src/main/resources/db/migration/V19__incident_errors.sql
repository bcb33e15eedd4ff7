-- What kept an outage or a regional failure open: the error messages its regions' failed runs
-- ended with, the most frequent first with how many runs each (JSON: [{"message": "…", "runs": 42}]),
-- and the latest failed run's message with when that run began. Null for a slowdown, and for an
-- incident written before this migration.
ALTER TABLE incidents ADD COLUMN top_errors VARCHAR(8000);
ALTER TABLE incidents ADD COLUMN last_error VARCHAR(2000);
ALTER TABLE incidents ADD COLUMN last_error_at BIGINT;
