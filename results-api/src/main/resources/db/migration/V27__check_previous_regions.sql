-- Where a check ran before its regions last changed, and when they changed: a probe's results of a
-- check moved away from its region, run before the move (a backlog spooled while it could not reach
-- the API), are still taken (docs/api.md, Results). Null: the regions never changed. Portable SQL.
ALTER TABLE checks ADD COLUMN previous_regions VARCHAR(4000);
ALTER TABLE checks ADD COLUMN regions_changed_at BIGINT;
