-- Seller credit: the trail (one row per change, with the points it added or took away then, its rule and its reason)
-- and each user's score, which is the sum of their trail. A change is recorded once per (user, source key): an event
-- delivered twice finds its row there already. Price suggestions read sold listings by the time they sold.

CREATE TABLE marketplace_credit_trail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    rule TEXT NOT NULL,
    points INTEGER NOT NULL,
    reason TEXT NOT NULL,
    source_key TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (user_id, source_key)
);

CREATE INDEX ix_marketplace_credit_trail_user ON marketplace_credit_trail (user_id, id);

CREATE TABLE marketplace_seller_credits (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    score INTEGER NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX ix_marketplace_listing_history_to_status ON marketplace_listing_history (to_status, created_at);
