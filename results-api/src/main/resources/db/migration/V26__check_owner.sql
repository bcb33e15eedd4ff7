-- Who deploys a check as code: the owner given to PUT /api/v1/checks/{name}?owner=NAME by
-- `glassprobe-probe checks apply --owner NAME`. Null: the check was made by hand, and no apply
-- deletes or takes it over without --adopt.
ALTER TABLE checks ADD COLUMN owner VARCHAR(100);
