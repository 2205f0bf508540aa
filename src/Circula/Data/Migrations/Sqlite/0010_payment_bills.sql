-- Daily bill reconciliation: one report per provider and bill date (a China, UTC+8, calendar day). The unique key is
-- what makes the daily run happen once across replicas; claimed_by/claimed_until let one worker (or one operator
-- request) run it at a time. Counts and totals are fen; nothing here ever changes a payment or a refund.
CREATE TABLE payment_bill_reports (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
    bill_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Pending', 'Completed', 'Failed')),
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    bill_sha1 TEXT,
    bill_payment_count INTEGER NOT NULL DEFAULT 0,
    bill_payment_fen INTEGER NOT NULL DEFAULT 0,
    bill_refund_count INTEGER NOT NULL DEFAULT 0,
    bill_refund_fen INTEGER NOT NULL DEFAULT 0,
    local_payment_count INTEGER NOT NULL DEFAULT 0,
    local_payment_fen INTEGER NOT NULL DEFAULT 0,
    local_refund_count INTEGER NOT NULL DEFAULT 0,
    local_refund_fen INTEGER NOT NULL DEFAULT 0,
    matched_count INTEGER NOT NULL DEFAULT 0,
    discrepancy_count INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);
CREATE UNIQUE INDEX ux_payment_bill_reports_provider_date ON payment_bill_reports (provider, bill_date);
CREATE INDEX ix_payment_bill_reports_due ON payment_bill_reports (due_at) WHERE status = 'Pending';

-- What the last completed run of a report found; replaced as a whole when the report is run again.
CREATE TABLE payment_bill_discrepancies (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES payment_bill_reports (id),
    subject TEXT NOT NULL CHECK (subject IN ('payment', 'refund')),
    kind TEXT NOT NULL CHECK (kind IN ('missing_locally', 'missing_at_provider', 'amount_mismatch', 'status_mismatch')),
    out_trade_no TEXT,
    out_refund_no TEXT,
    provider_transaction_id TEXT,
    payment_id INTEGER,
    refund_id INTEGER,
    bill_amount_fen INTEGER,
    local_amount_fen INTEGER,
    bill_status TEXT,
    local_status TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX ix_payment_bill_discrepancies_report ON payment_bill_discrepancies (report_id, id);
