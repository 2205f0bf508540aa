-- Alipay payments: provider 'alipay' with channels 'wap' (mobile browser) and 'page' (desktop), next to WeChat Pay's.
-- SQLite cannot change a CHECK constraint, so both payment tables are rebuilt (payment_notifications references payments):
-- the new tables are filled, the old ones dropped (notifications first), and the renames carry the reference along.
CREATE TABLE payments_new (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    provider TEXT NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
    channel TEXT NOT NULL CHECK ((provider = 'wechatpay' AND channel IN ('jsapi', 'native')) OR (provider = 'alipay' AND channel IN ('wap', 'page'))),
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
INSERT INTO payments_new (id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, provider_transaction_id, prepay_id, code_url,
    payer_openid, created_at, updated_at, succeeded_at, version)
SELECT id, order_id, customer_id, provider, channel, out_trade_no, amount_fen, status, provider_transaction_id, prepay_id, code_url,
    payer_openid, created_at, updated_at, succeeded_at, version FROM payments;

CREATE TABLE payment_notifications_new (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    out_trade_no TEXT,
    provider_transaction_id TEXT,
    payment_id INTEGER REFERENCES payments_new (id),
    outcome TEXT NOT NULL,
    detail TEXT,
    received_at TEXT NOT NULL
);
INSERT INTO payment_notifications_new (id, provider, notification_id, event_type, out_trade_no, provider_transaction_id, payment_id, outcome, detail, received_at)
SELECT id, provider, notification_id, event_type, out_trade_no, provider_transaction_id, payment_id, outcome, detail, received_at FROM payment_notifications;

DROP TABLE payment_notifications;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
ALTER TABLE payment_notifications_new RENAME TO payment_notifications;

CREATE UNIQUE INDEX ux_payments_out_trade_no ON payments (out_trade_no);
CREATE UNIQUE INDEX ux_payments_provider_transaction ON payments (provider, provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;
CREATE UNIQUE INDEX ux_payments_live_order ON payments (order_id) WHERE status IN ('Created', 'Pending');
CREATE INDEX ix_payments_customer ON payments (customer_id, id);
CREATE UNIQUE INDEX ux_payment_notifications_provider_id ON payment_notifications (provider, notification_id);
CREATE INDEX ix_payment_notifications_outcome ON payment_notifications (outcome, id);
