-- The development sandbox's own state (its history is sandbox_schema_migrations, apart from the product's): what it
-- would know as WeChat Pay and as Alipay, so a sandbox payment survives a restart and works across replicas. The product
-- never reads these tables. Amounts are fen; times are UTC.

-- Every WeChat Pay prepay the sandbox accepted and what happened to it since: trade_state is NULL (NOTPAY) until the
-- prepay is paid (SUCCESS, by transaction_id) or closed (CLOSED). refunds_notified_first is the pay call's reorder option.
CREATE TABLE sandbox_wechatpay_prepays (
    out_trade_no TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    mch_id TEXT NOT NULL,
    trade_type TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    notify_url TEXT NOT NULL,
    open_id TEXT,
    trade_state TEXT CHECK (trade_state IN ('SUCCESS', 'CLOSED')),
    transaction_id TEXT,
    state_changed_at TEXT,
    refunds_notified_first INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_sandbox_wechatpay_prepays_paid_at ON sandbox_wechatpay_prepays (state_changed_at) WHERE trade_state = 'SUCCESS';

-- WeChat Pay refunds the sandbox accepted; the first request of an out_refund_no counts.
CREATE TABLE sandbox_wechatpay_refunds (
    out_refund_no TEXT PRIMARY KEY,
    refund_id TEXT NOT NULL,
    out_trade_no TEXT NOT NULL,
    refund_fen INTEGER NOT NULL,
    total_fen INTEGER NOT NULL,
    refunded_at TEXT NOT NULL
);
CREATE INDEX ix_sandbox_wechatpay_refunds_refunded_at ON sandbox_wechatpay_refunds (refunded_at);

-- Alipay trades the buyer paid or we closed (a trade nobody opened does not exist at Alipay).
CREATE TABLE sandbox_alipay_trades (
    out_trade_no TEXT PRIMARY KEY,
    trade_status TEXT NOT NULL CHECK (trade_status IN ('TRADE_SUCCESS', 'TRADE_CLOSED')),
    trade_no TEXT,
    amount_fen INTEGER NOT NULL,
    status_changed_at TEXT NOT NULL
);
CREATE INDEX ix_sandbox_alipay_trades_paid_at ON sandbox_alipay_trades (status_changed_at) WHERE trade_status = 'TRADE_SUCCESS';

-- Alipay refunds by out_request_no: the first request moves money, a repeated one does not.
CREATE TABLE sandbox_alipay_refunds (
    out_trade_no TEXT NOT NULL,
    out_request_no TEXT NOT NULL,
    refund_fen INTEGER NOT NULL,
    refunded_at TEXT NOT NULL,
    PRIMARY KEY (out_trade_no, out_request_no)
);
CREATE INDEX ix_sandbox_alipay_refunds_refunded_at ON sandbox_alipay_refunds (refunded_at);

-- Bill files both sandboxes serve under a random download token; expires_at NULL: the link does not expire.
CREATE TABLE sandbox_bill_files (
    token TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
);
