-- A result taken inside a maintenance window of its check is kept (it shows in the check's results)
-- but counts neither for uptime nor for latency: it is stored with in_maintenance = TRUE and, having
-- nothing to fold into the roll-ups, already rolled_up, so no summary reads it.
ALTER TABLE results ADD COLUMN in_maintenance BOOLEAN DEFAULT FALSE NOT NULL;
