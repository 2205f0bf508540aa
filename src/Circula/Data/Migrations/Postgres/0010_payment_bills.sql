-- Daily bill reconciliation: one report per provider and bill date (a China, UTC+8, calendar day). The unique key is
-- what makes the daily run happen once across replicas; claimed_by/claimed_until let one worker (or one operator
-- request) run it at a time. Counts and totals are fen; nothing here ever changes a payment or a refund.
CREATE TABLE payment_bill_reports (
    id bigint PRIMARY KEY,
    provider text NOT NULL CHECK (provider IN ('wechatpay', 'alipay')),
    bill_date date NOT NULL,
    status text NOT NULL CHECK (status IN ('Pending', 'Completed', 'Failed')),
    due_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    bill_sha1 text,
    bill_payment_count bigint NOT NULL DEFAULT 0,
    bill_payment_fen bigint NOT NULL DEFAULT 0,
    bill_refund_count bigint NOT NULL DEFAULT 0,
    bill_refund_fen bigint NOT NULL DEFAULT 0,
    local_payment_count bigint NOT NULL DEFAULT 0,
    local_payment_fen bigint NOT NULL DEFAULT 0,
    local_refund_count bigint NOT NULL DEFAULT 0,
    local_refund_fen bigint NOT NULL DEFAULT 0,
    matched_count bigint NOT NULL DEFAULT 0,
    discrepancy_count bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    completed_at timestamptz,
    claimed_by text,
    claimed_until timestamptz
);
CREATE UNIQUE INDEX ux_payment_bill_reports_provider_date ON payment_bill_reports (provider, bill_date);
CREATE INDEX ix_payment_bill_reports_due ON payment_bill_reports (due_at) WHERE status = 'Pending';

-- What the last completed run of a report found; replaced as a whole when the report is run again.
CREATE TABLE payment_bill_discrepancies (
    id bigint PRIMARY KEY,
    report_id bigint NOT NULL REFERENCES payment_bill_reports (id),
    subject text NOT NULL CHECK (subject IN ('payment', 'refund')),
    kind text NOT NULL CHECK (kind IN ('missing_locally', 'missing_at_provider', 'amount_mismatch', 'status_mismatch')),
    out_trade_no text,
    out_refund_no text,
    provider_transaction_id text,
    payment_id bigint,
    refund_id bigint,
    bill_amount_fen bigint,
    local_amount_fen bigint,
    bill_status text,
    local_status text,
    detail text NOT NULL
);
CREATE INDEX ix_payment_bill_discrepancies_report ON payment_bill_discrepancies (report_id, id);
