-- Orders: Snowflake ids, snapshots of prices and names, an encrypted address, a version for optimistic concurrency.
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
    address_cipher TEXT NOT NULL,
    region TEXT NOT NULL,
    remark TEXT,
    payment_deadline TEXT NOT NULL,
    paid_at TEXT,
    shipped_at TEXT,
    carrier TEXT,
    tracking_number TEXT,
    completed_at TEXT,
    cancelled_at TEXT,
    cancel_reason TEXT,
    refund_requested_at TEXT,
    refund_reason TEXT,
    refunded_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_orders_customer ON orders (customer_id, id);
CREATE INDEX ix_orders_status ON orders (status, id);

CREATE TABLE order_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    sku_id INTEGER NOT NULL REFERENCES skus (id),
    product_id INTEGER NOT NULL,
    product_name TEXT NOT NULL,
    sku_code TEXT NOT NULL,
    specs TEXT NOT NULL,
    unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen > 0),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    line_total_fen INTEGER NOT NULL
);
CREATE INDEX ix_order_lines_order ON order_lines (order_id);

CREATE TABLE order_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id INTEGER,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_order_history_order ON order_history (order_id, id);

-- First answers of idempotent requests, per user and key.
CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT,
    location TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_idempotency_keys ON idempotency_keys (user_id, key);
CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
