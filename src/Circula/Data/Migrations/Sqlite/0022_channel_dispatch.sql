-- Recycling: what each third-party channel answered when a confirmed pickup was offered to it (so operators see why
-- one was passed over), and when the refresh job last asked a channel about an order without news (its claim).

CREATE TABLE recycling_channel_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id INTEGER NOT NULL REFERENCES recycling_appointments (id),
    channel TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL CHECK (length(detail) <= 500),
    created_at TEXT NOT NULL
);

CREATE INDEX ix_recycling_channel_attempts_appointment ON recycling_channel_attempts (appointment_id, id);

ALTER TABLE recycling_channel_orders ADD COLUMN checked_at TEXT;

CREATE INDEX ix_recycling_channel_orders_quiet ON recycling_channel_orders (status, updated_at);
