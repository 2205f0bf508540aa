-- Operators find orders by the delivery phone: its keyed hash (the phone itself is in the encrypted address). Orders
-- placed before this migration have none and are found by the customer's account phone only.
ALTER TABLE orders ADD COLUMN recipient_phone_hash TEXT;
CREATE INDEX ix_orders_recipient_phone ON orders (recipient_phone_hash, id);
-- The dashboard's counts by status and its daily series read orders by placement and payment time.
CREATE INDEX ix_orders_created ON orders (created_at);
CREATE INDEX ix_orders_paid ON orders (paid_at);
