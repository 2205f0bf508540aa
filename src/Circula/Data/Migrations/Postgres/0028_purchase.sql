-- Buying a marketplace listing (issue #12) is an order like a shop order: its one line is the listing (no SKU, product or
-- SKU code), and the order names the listing's seller, who ships it and sees it among their sales.
ALTER TABLE orders ADD COLUMN seller_id bigint REFERENCES users (id);
CREATE INDEX ix_orders_seller ON orders (seller_id, id) WHERE seller_id IS NOT NULL;

-- A line is a SKU or a listing, never both.
ALTER TABLE order_lines ALTER COLUMN sku_id DROP NOT NULL;
ALTER TABLE order_lines ALTER COLUMN product_id DROP NOT NULL;
ALTER TABLE order_lines ALTER COLUMN sku_code DROP NOT NULL;
ALTER TABLE order_lines ADD COLUMN listing_id bigint REFERENCES marketplace_listings (id);
ALTER TABLE order_lines ADD CONSTRAINT ck_order_lines_sku_or_listing CHECK ((sku_id IS NULL) <> (listing_id IS NULL));
