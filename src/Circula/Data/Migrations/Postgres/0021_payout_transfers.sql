-- Recycling payouts through WeChat Pay merchant transfers: when a payout last changed, what the customer confirms receipt
-- with while WeChat waits for them (mchId, appId, package as JSON), when a processing payout is next asked about at its
-- provider (claimed by moving it), and the provider notifications applied, once each by (provider, notification id).

ALTER TABLE recycling_payouts ADD COLUMN updated_at timestamptz;
UPDATE recycling_payouts SET updated_at = COALESCE(paid_at, created_at);
ALTER TABLE recycling_payouts ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE recycling_payouts ADD COLUMN confirmation text;
ALTER TABLE recycling_payouts ADD COLUMN next_query_at timestamptz;

CREATE INDEX ix_recycling_payouts_next_query ON recycling_payouts (next_query_at) WHERE status = 'Processing';
CREATE INDEX ix_recycling_payouts_status ON recycling_payouts (status, created_at);

CREATE TABLE recycling_payout_notifications (
    provider text NOT NULL,
    notification_id text NOT NULL,
    appointment_id bigint NOT NULL REFERENCES recycling_payouts (appointment_id),
    outcome text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, notification_id)
);
