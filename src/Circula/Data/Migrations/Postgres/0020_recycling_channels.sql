-- Recycling: pickups handed to third-party channels (at most one channel order per appointment, with the channel's own
-- id and the status it last reported), and the nonces of the channels' signed callbacks, kept for the signature's
-- freshness window so a replayed callback is refused.

CREATE TABLE recycling_channel_orders (
    appointment_id bigint PRIMARY KEY REFERENCES recycling_appointments (id),
    channel text NOT NULL,
    external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 64),
    status text NOT NULL,
    final_fen bigint CHECK (final_fen >= 0),
    version integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (channel, external_id)
);

CREATE TABLE recycling_channel_nonces (
    channel text NOT NULL,
    nonce text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (channel, nonce)
);

CREATE INDEX ix_recycling_channel_nonces_received ON recycling_channel_nonces (channel, received_at);
