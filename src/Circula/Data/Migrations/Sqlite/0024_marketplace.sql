-- The second-hand marketplace: its categories (a flat list of its own), listings with their status history, users'
-- favourites and the operators' blocked words. Coordinates are GCJ-02 degrees; prices integer fen.

CREATE TABLE marketplace_categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

INSERT INTO marketplace_categories (id, slug, name, sort_order) VALUES
    (1, 'phones', '手机数码', 10),
    (2, 'books', '图书教材', 20),
    (3, 'furniture', '家具家居', 30),
    (4, 'appliances', '家用电器', 40),
    (5, 'clothing', '服饰鞋包', 50),
    (6, 'others', '其他闲置', 60);

CREATE TABLE marketplace_listings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category_id INTEGER NOT NULL REFERENCES marketplace_categories (id),
    condition TEXT NOT NULL,
    price_fen INTEGER NOT NULL CHECK (price_fen > 0),
    image_ids TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    district TEXT NOT NULL,
    status TEXT NOT NULL,
    flagged_words TEXT,
    review_reason TEXT,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    published_at TEXT
);

CREATE INDEX ix_marketplace_listings_status_created ON marketplace_listings (status, created_at);
CREATE INDEX ix_marketplace_listings_seller ON marketplace_listings (seller_id, status, updated_at);
CREATE INDEX ix_marketplace_listings_location ON marketplace_listings (status, latitude, longitude);

CREATE TABLE marketplace_listing_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id INTEGER NOT NULL REFERENCES marketplace_listings (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id INTEGER,
    reason TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_marketplace_listing_history_listing ON marketplace_listing_history (listing_id, id);

CREATE TABLE marketplace_favourites (
    user_id INTEGER NOT NULL REFERENCES users (id),
    listing_id INTEGER NOT NULL REFERENCES marketplace_listings (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, listing_id)
);

CREATE INDEX ix_marketplace_favourites_listing ON marketplace_favourites (listing_id);

CREATE TABLE marketplace_blocked_words (
    word TEXT PRIMARY KEY,
    added_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL
);
