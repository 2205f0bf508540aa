-- The development sandbox's own state (its history is sandbox_schema_migrations, apart from the product's): what it
-- would know as WeChat Pay and as Alipay, so a sandbox payment survives a restart and works across replicas. The product
-- never reads these tables. Amounts are fen; times are UTC.

-- Every WeChat Pay prepay the sandbox accepted and what happened to it since: trade_state is NULL (NOTPAY) until the
-- prepay is paid (SUCCESS, by transaction_id) or closed (CLOSED). refunds_notified_first is the pay call's reorder option.
CREATE TABLE sandbox_wechatpay_prepays (
    out_trade_no text PRIMARY KEY,
    app_id text NOT NULL,
    mch_id text NOT NULL,
    trade_type text NOT NULL,
    amount_fen bigint NOT NULL,
    notify_url text NOT NULL,
    open_id text,
    trade_state text CHECK (trade_state IN ('SUCCESS', 'CLOSED')),
    transaction_id text,
    state_changed_at timestamptz,
    refunds_notified_first boolean NOT NULL DEFAULT FALSE,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_sandbox_wechatpay_prepays_paid_at ON sandbox_wechatpay_prepays (state_changed_at) WHERE trade_state = 'SUCCESS';

-- WeChat Pay refunds the sandbox accepted; the first request of an out_refund_no counts.
CREATE TABLE sandbox_wechatpay_refunds (
    out_refund_no text PRIMARY KEY,
    refund_id text NOT NULL,
    out_trade_no text NOT NULL,
    refund_fen bigint NOT NULL,
    total_fen bigint NOT NULL,
    refunded_at timestamptz NOT NULL
);
CREATE INDEX ix_sandbox_wechatpay_refunds_refunded_at ON sandbox_wechatpay_refunds (refunded_at);

-- Alipay trades the buyer paid or we closed (a trade nobody opened does not exist at Alipay).
CREATE TABLE sandbox_alipay_trades (
    out_trade_no text PRIMARY KEY,
    trade_status text NOT NULL CHECK (trade_status IN ('TRADE_SUCCESS', 'TRADE_CLOSED')),
    trade_no text,
    amount_fen bigint NOT NULL,
    status_changed_at timestamptz NOT NULL
);
CREATE INDEX ix_sandbox_alipay_trades_paid_at ON sandbox_alipay_trades (status_changed_at) WHERE trade_status = 'TRADE_SUCCESS';

-- Alipay refunds by out_request_no: the first request moves money, a repeated one does not.
CREATE TABLE sandbox_alipay_refunds (
    out_trade_no text NOT NULL,
    out_request_no text NOT NULL,
    refund_fen bigint NOT NULL,
    refunded_at timestamptz NOT NULL,
    PRIMARY KEY (out_trade_no, out_request_no)
);
CREATE INDEX ix_sandbox_alipay_refunds_refunded_at ON sandbox_alipay_refunds (refunded_at);

-- Bill files both sandboxes serve under a random download token; expires_at NULL: the link does not expire.
CREATE TABLE sandbox_bill_files (
    token text PRIMARY KEY,
    provider text NOT NULL,
    content bytea NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz
);
