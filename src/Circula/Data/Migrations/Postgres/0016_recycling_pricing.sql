-- Recycling: pricing rules per recycling category, versioned (an edit adds the next version; nothing is changed in
-- place), and the instant quotes given with them. rule and breakdown are JSON documents; money is integer fen.

CREATE TABLE recycling_pricing_rules (
    category_id bigint NOT NULL REFERENCES categories (id),
    version integer NOT NULL CHECK (version > 0),
    rule text NOT NULL,
    created_by bigint,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (category_id, version)
);

CREATE TABLE recycling_quotes (
    id bigint PRIMARY KEY,
    category_id bigint NOT NULL REFERENCES categories (id),
    rule_version integer NOT NULL,
    user_id bigint NOT NULL REFERENCES users (id),
    total_fen bigint NOT NULL CHECK (total_fen >= 0),
    breakdown text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    FOREIGN KEY (category_id, rule_version) REFERENCES recycling_pricing_rules (category_id, version)
);

CREATE INDEX ix_recycling_quotes_user ON recycling_quotes (user_id, created_at);
