-- Refunds: money going back for a succeeded payment. out_refund_no ("R" + id) is what the provider knows the refund as.
-- At most one automatic refund per payment paid after its order was cancelled (reason 'paid_after_cancel').
CREATE TABLE refunds (
    id bigint PRIMARY KEY,
    payment_id bigint NOT NULL REFERENCES payments (id),
    order_id bigint NOT NULL REFERENCES orders (id),
    out_refund_no text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    reason text NOT NULL,
    status text NOT NULL CHECK (status IN ('Requested', 'Processing', 'Succeeded', 'Failed')),
    provider_refund_id text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    succeeded_at timestamptz,
    version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_refunds_out_refund_no ON refunds (out_refund_no);
CREATE UNIQUE INDEX ux_refunds_payment_after_cancel ON refunds (payment_id) WHERE reason = 'paid_after_cancel';
CREATE INDEX ix_refunds_payment ON refunds (payment_id);
CREATE INDEX ix_refunds_status ON refunds (status, id);
