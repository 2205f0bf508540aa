-- Payments: one row per attempt to pay an order with a provider; at most one live (Created/Pending) per order.
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    provider TEXT NOT NULL CHECK (provider IN ('wechatpay')),
    channel TEXT NOT NULL CHECK (channel IN ('jsapi', 'native')),
    out_trade_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    status TEXT NOT NULL CHECK (status IN ('Created', 'Pending', 'Succeeded', 'Failed', 'Closed')),
    provider_transaction_id TEXT,
    prepay_id TEXT,
    code_url TEXT,
    payer_openid TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    succeeded_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_payments_out_trade_no ON payments (out_trade_no);
CREATE UNIQUE INDEX ux_payments_provider_transaction ON payments (provider, provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;
CREATE UNIQUE INDEX ux_payments_live_order ON payments (order_id) WHERE status IN ('Created', 'Pending');
CREATE INDEX ix_payments_customer ON payments (customer_id, id);

-- Every verified callback, once: the unique key is how a redelivered notification is recognised.
CREATE TABLE payment_notifications (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    out_trade_no TEXT,
    provider_transaction_id TEXT,
    payment_id INTEGER REFERENCES payments (id),
    outcome TEXT NOT NULL,
    detail TEXT,
    received_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_payment_notifications_provider_id ON payment_notifications (provider, notification_id);
CREATE INDEX ix_payment_notifications_outcome ON payment_notifications (outcome, id);
