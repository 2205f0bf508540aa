-- Refunds: money going back for a succeeded payment. out_refund_no ("R" + id) is what the provider knows the refund as.
-- At most one automatic refund per payment paid after its order was cancelled (reason 'paid_after_cancel').
CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    payment_id INTEGER NOT NULL REFERENCES payments (id),
    order_id INTEGER NOT NULL REFERENCES orders (id),
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
CREATE UNIQUE INDEX ux_refunds_out_refund_no ON refunds (out_refund_no);
CREATE UNIQUE INDEX ux_refunds_payment_after_cancel ON refunds (payment_id) WHERE reason = 'paid_after_cancel';
CREATE INDEX ix_refunds_payment ON refunds (payment_id);
CREATE INDEX ix_refunds_status ON refunds (status, id);
