-- Recycling payouts move through the shared transition engine: every status change of a payout is one history row
-- (from, to, trigger, actor, why, when), written with the change and never updated.

CREATE TABLE recycling_payout_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id INTEGER NOT NULL REFERENCES recycling_payouts (appointment_id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_recycling_payout_history_appointment ON recycling_payout_history (appointment_id, id);
