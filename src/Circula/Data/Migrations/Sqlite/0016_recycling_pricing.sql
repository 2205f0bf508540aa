-- Recycling: pricing rules per recycling category, versioned (an edit adds the next version; nothing is changed in
-- place), and the instant quotes given with them. rule and breakdown are JSON documents; money is integer fen.

CREATE TABLE recycling_pricing_rules (
    category_id INTEGER NOT NULL REFERENCES categories (id),
    version INTEGER NOT NULL CHECK (version > 0),
    rule TEXT NOT NULL,
    created_by INTEGER,
    created_at TEXT NOT NULL,
    -- UNIQUE rather than PRIMARY KEY: SQLite reports a lost race on it as a unique violation the server answers with 409.
    UNIQUE (category_id, version)
);

CREATE TABLE recycling_quotes (
    id INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories (id),
    rule_version INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
    breakdown TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    FOREIGN KEY (category_id, rule_version) REFERENCES recycling_pricing_rules (category_id, version)
);

CREATE INDEX ix_recycling_quotes_user ON recycling_quotes (user_id, created_at);
