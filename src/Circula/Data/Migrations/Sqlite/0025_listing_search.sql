-- Marketplace listing search: one document per Active listing, written in the listing's own transaction (issue #12).
-- The text columns hold the tokens the server's segmenter made (jieba words, Latin words, numbers), space-separated
-- with a space at each end so a whole token is found with instr(' token '). marketplace_search_fts holds the same
-- tokens for matching; its rowid is the listing id. Its tokenizer only splits on the spaces: tokens are letters and
-- digits already lowercased. published_at is Unix milliseconds; published_day its UTC day, the freshness tie-break.

CREATE TABLE marketplace_search_documents (
    listing_id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    category_id INTEGER NOT NULL,
    condition TEXT NOT NULL CHECK (condition IN ('new', 'like-new', 'good', 'fair', 'for-parts')),
    price_fen INTEGER NOT NULL CHECK (price_fen >= 0),
    latitude REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    district TEXT NOT NULL,
    seller_credit INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    published_day INTEGER NOT NULL,
    title_words TEXT NOT NULL,
    title_parts TEXT NOT NULL,
    body_words TEXT NOT NULL
);

CREATE VIRTUAL TABLE marketplace_search_fts USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0');

CREATE INDEX ix_marketplace_search_category ON marketplace_search_documents (category_id, price_fen);
CREATE INDEX ix_marketplace_search_price ON marketplace_search_documents (price_fen);
CREATE INDEX ix_marketplace_search_published ON marketplace_search_documents (published_at);
CREATE INDEX ix_marketplace_search_position ON marketplace_search_documents (latitude, longitude);

-- The Latin words ever indexed, each under itself and under every spelling with one letter left out: a query word
-- with one typo shares one of those spellings with the word it meant (symmetric deletion). Only ever added to: a word
-- no listing has any more expands a query to nothing.
CREATE TABLE marketplace_search_terms (
    variant TEXT NOT NULL,
    term TEXT NOT NULL,
    PRIMARY KEY (variant, term)
) WITHOUT ROWID;

-- Operators' synonym groups (手机 = 智能机 = 移动电话), read at query time; a term is in at most one group.
CREATE TABLE marketplace_synonym_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    updated_at TEXT NOT NULL
);

CREATE TABLE marketplace_synonym_terms (
    term TEXT PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES marketplace_synonym_groups (id) ON DELETE CASCADE,
    position INTEGER NOT NULL
);

CREATE INDEX ix_marketplace_synonym_terms_group ON marketplace_synonym_terms (group_id);
