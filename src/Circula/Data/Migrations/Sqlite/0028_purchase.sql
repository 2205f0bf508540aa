-- Buying a marketplace listing (issue #12) is an order like a shop order: its one line is the listing (no SKU, product or
-- SKU code), and the order names the listing's seller, who ships it and sees it among their sales.
ALTER TABLE orders ADD COLUMN seller_id INTEGER REFERENCES users (id);
CREATE INDEX ix_orders_seller ON orders (seller_id, id) WHERE seller_id IS NOT NULL;

-- SQLite cannot drop NOT NULL, so order_lines is rebuilt as SQLite documents it (nothing references it). A line is a
-- SKU or a listing, never both.
CREATE TABLE order_lines_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    sku_id INTEGER REFERENCES skus (id),
    product_id INTEGER,
    listing_id INTEGER REFERENCES marketplace_listings (id),
    product_name TEXT NOT NULL,
    sku_code TEXT,
    specs TEXT NOT NULL,
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    line_total_fen INTEGER NOT NULL,
    CHECK ((sku_id IS NULL) <> (listing_id IS NULL))
);
INSERT INTO order_lines_new (id, order_id, sku_id, product_id, product_name, sku_code, specs, unit_price_fen, quantity, line_total_fen)
SELECT id, order_id, sku_id, product_id, product_name, sku_code, specs, unit_price_fen, quantity, line_total_fen FROM order_lines;
DROP TABLE order_lines;
ALTER TABLE order_lines_new RENAME TO order_lines;
CREATE INDEX ix_order_lines_order ON order_lines (order_id);
