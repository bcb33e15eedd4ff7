-- Labels on checks and subscriptions by label; the settings of notifier kinds other than the signed
-- webhook (docs/api.md, Webhooks). Portable SQL only.

-- A check's labels from its file (labels: {team: web}), one key=value per line, sorted by key; null
-- when it has none. Checks stored before had none.
ALTER TABLE checks ADD COLUMN labels VARCHAR(12000);

-- A subscription's kind settings that are not secret (a JSON object), and the labels a check must
-- carry for its events to reach it (as checks.labels; null: any check).
ALTER TABLE webhooks ADD COLUMN settings VARCHAR(4000);
ALTER TABLE webhooks ADD COLUMN labels VARCHAR(12000);

-- A chat webhook's URL is its secret, and some are long (a Teams workflow's is over 300 characters).
ALTER TABLE webhooks ALTER COLUMN secret SET DATA TYPE VARCHAR(4000);
