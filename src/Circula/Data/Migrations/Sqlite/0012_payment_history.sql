-- Payments and refunds move through the one state-machine engine: every transition writes a history row (from here on;
-- earlier transitions left none). The provider list leaves the schema: which providers exist is the code's registry, so a
-- new provider needs no migration. A refund records its payment's provider and out_trade_no (fixed, like its amount), so
-- its transition event names them without reading the payment.
--
-- SQLite cannot drop a CHECK constraint, so the tables that list providers are rebuilt as SQLite documents it (make the
-- new table, copy, drop the old, rename, recreate the indexes), and with them the tables that reference them: foreign
-- keys are enforced and cannot be switched off inside the migration's transaction, so every referencing table is rebuilt
-- against the new one before the old one is dropped, and the renames carry the references along.
CREATE TABLE payments_new (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    customer_id INTEGER NOT NULL REFERENCES users (id),
    provider TEXT NOT NULL,
    channel TEXT NOT NULL,
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

CREATE TABLE refunds_new (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payments_new (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
    provider TEXT NOT NULL,
    out_trade_no TEXT NOT NULL,
    out_refund_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Requested', 'Processing', 'Succeeded', 'Failed')),
    provider_refund_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    succeeded_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO refunds_new (id, payment_id, order_id, provider, out_trade_no, out_refund_no, amount_fen, reason, status, provider_refund_id, created_at,
    updated_at, succeeded_at, version)
SELECT r.id, r.payment_id, r.order_id, p.provider, p.out_trade_no, r.out_refund_no, r.amount_fen, r.reason, r.status, r.provider_refund_id, r.created_at,
    r.updated_at, r.succeeded_at, r.version FROM refunds r JOIN payments p ON p.id = r.payment_id;

DROP TABLE payment_notifications;
DROP TABLE refunds;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
ALTER TABLE payment_notifications_new RENAME TO payment_notifications;
ALTER TABLE refunds_new RENAME TO refunds;

CREATE UNIQUE INDEX ux_payments_out_trade_no ON payments (out_trade_no);
CREATE UNIQUE INDEX ux_payments_provider_transaction ON payments (provider, provider_transaction_id) WHERE provider_transaction_id IS NOT NULL;
CREATE UNIQUE INDEX ux_payments_live_order ON payments (order_id) WHERE status IN ('Created', 'Pending');
CREATE INDEX ix_payments_customer ON payments (customer_id, id);
CREATE INDEX ix_payments_order ON payments (order_id, id);
CREATE UNIQUE INDEX ux_payment_notifications_provider_id ON payment_notifications (provider, notification_id);
CREATE INDEX ix_payment_notifications_outcome ON payment_notifications (outcome, id);
CREATE UNIQUE INDEX ux_refunds_out_refund_no ON refunds (out_refund_no);
CREATE UNIQUE INDEX ux_refunds_payment ON refunds (payment_id);
CREATE INDEX ix_refunds_status ON refunds (status, id);

CREATE TABLE payment_bill_reports_new (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
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
INSERT INTO payment_bill_reports_new SELECT id, provider, bill_date, status, due_at, attempts, last_error, bill_sha1, bill_payment_count, bill_payment_fen,
    bill_refund_count, bill_refund_fen, local_payment_count, local_payment_fen, local_refund_count, local_refund_fen, matched_count, discrepancy_count,
    created_at, updated_at, completed_at, claimed_by, claimed_until FROM payment_bill_reports;

CREATE TABLE payment_bill_discrepancies_new (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES payment_bill_reports_new (id),
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
INSERT INTO payment_bill_discrepancies_new SELECT id, report_id, subject, kind, out_trade_no, out_refund_no, provider_transaction_id, payment_id, refund_id,
    bill_amount_fen, local_amount_fen, bill_status, local_status, detail FROM payment_bill_discrepancies;

DROP TABLE payment_bill_discrepancies;
DROP TABLE payment_bill_reports;
ALTER TABLE payment_bill_reports_new RENAME TO payment_bill_reports;
ALTER TABLE payment_bill_discrepancies_new RENAME TO payment_bill_discrepancies;

CREATE UNIQUE INDEX ux_payment_bill_reports_provider_date ON payment_bill_reports (provider, bill_date);
CREATE INDEX ix_payment_bill_reports_due ON payment_bill_reports (due_at) WHERE status = 'Pending';
CREATE INDEX ix_payment_bill_discrepancies_report ON payment_bill_discrepancies (report_id, id);

CREATE TABLE payment_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_payment_history_payment ON payment_history (payment_id, id);

CREATE TABLE refund_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    refund_id INTEGER NOT NULL REFERENCES refunds (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_refund_history_refund ON refund_history (refund_id, id);
