-- A check's open regional slowdown, beside its other open incidents, so that a decision finds it
-- by id instead of searching the check's incidents.
ALTER TABLE outage_checks ADD COLUMN regional_degraded_id VARCHAR(40);
