-- Recycling payouts through WeChat Pay merchant transfers: when a payout last changed, what the customer confirms receipt
-- with while WeChat waits for them (mchId, appId, package as JSON), when a processing payout is next asked about at its
-- provider (claimed by moving it), and the provider notifications applied, once each by (provider, notification id).

ALTER TABLE recycling_payouts ADD COLUMN updated_at TEXT;
UPDATE recycling_payouts SET updated_at = COALESCE(paid_at, created_at);
ALTER TABLE recycling_payouts ADD COLUMN confirmation TEXT;
ALTER TABLE recycling_payouts ADD COLUMN next_query_at TEXT;

CREATE INDEX ix_recycling_payouts_next_query ON recycling_payouts (next_query_at) WHERE status = 'Processing';
CREATE INDEX ix_recycling_payouts_status ON recycling_payouts (status, created_at);

CREATE TABLE recycling_payout_notifications (
    provider TEXT NOT NULL,
    notification_id TEXT NOT NULL,
    appointment_id INTEGER NOT NULL REFERENCES recycling_payouts (appointment_id),
    outcome TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (provider, notification_id)
);
