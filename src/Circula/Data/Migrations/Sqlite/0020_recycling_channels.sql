-- Recycling: pickups handed to third-party channels (at most one channel order per appointment, with the channel's own
-- id and the status it last reported), and the nonces of the channels' signed callbacks, kept for the signature's
-- freshness window so a replayed callback is refused.

CREATE TABLE recycling_channel_orders (
    appointment_id INTEGER NOT NULL REFERENCES recycling_appointments (id),
    channel TEXT NOT NULL,
    external_id TEXT NOT NULL CHECK (length(external_id) BETWEEN 1 AND 64),
    status TEXT NOT NULL,
    final_fen INTEGER CHECK (final_fen >= 0),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- UNIQUE rather than PRIMARY KEY: SQLite reports a lost placement race on it as a unique violation.
    UNIQUE (appointment_id),
    UNIQUE (channel, external_id)
);

CREATE TABLE recycling_channel_nonces (
    channel TEXT NOT NULL,
    nonce TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (channel, nonce)
);

CREATE INDEX ix_recycling_channel_nonces_received ON recycling_channel_nonces (channel, received_at);
