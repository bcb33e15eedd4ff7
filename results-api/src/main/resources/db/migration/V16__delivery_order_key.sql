-- Deliveries are kept in order per incident (or per probe), not per webhook: a new page does not
-- wait behind the retries of an older incident's notice. order_key names the sequence a delivery
-- belongs to; rows written before it have none and keep their old order among themselves.
ALTER TABLE webhook_deliveries ADD COLUMN order_key VARCHAR(200);
