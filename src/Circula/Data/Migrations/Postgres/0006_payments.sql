-- Payments: one row per attempt to pay an order with a provider; at most one live (Created/Pending) per order.
CREATE TABLE payments (
    id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    customer_id bigint NOT NULL REFERENCES users (id),
    provider text NOT NULL CHECK (provider IN ('wechatpay')),
    channel text NOT NULL CHECK (channel IN ('jsapi', 'native')),
    out_trade_no text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    status text NOT NULL CHECK (status IN ('Created', 'Pending', 'Succeeded', 'Failed', 'Closed')),
    provider_transaction_id text,
    prepay_id text,
    code_url text,
    payer_openid text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    succeeded_at timestamptz,
    version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_payments_out_trade_no ON payments (out_trade_no);
CREATE UNIQUE INDEX ux_payments_provider_transaction ON payments (provider, provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;
CREATE UNIQUE INDEX ux_payments_live_order ON payments (order_id) WHERE status IN ('Created', 'Pending');
CREATE INDEX ix_payments_customer ON payments (customer_id, id);

-- Every verified callback, once: the unique key is how a redelivered notification is recognised.
CREATE TABLE payment_notifications (
    id bigint PRIMARY KEY,
    provider text NOT NULL,
    notification_id text NOT NULL,
    event_type text NOT NULL,
    out_trade_no text,
    provider_transaction_id text,
    payment_id bigint REFERENCES payments (id),
    outcome text NOT NULL,
    detail text,
    received_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_payment_notifications_provider_id ON payment_notifications (provider, notification_id);
CREATE INDEX ix_payment_notifications_outcome ON payment_notifications (outcome, id);
