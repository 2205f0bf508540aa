-- Catalog: category tree, products and their SKUs. JSON values are plain text holding JSON.

CREATE TABLE categories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_id INTEGER REFERENCES categories (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('shop', 'recycling')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
-- Sibling names are unique; root categories (parent_id NULL) are siblings too, hence COALESCE: NULLs never collide.
CREATE UNIQUE INDEX ux_categories_parent_name ON categories (COALESCE(parent_id, 0), name);
CREATE INDEX ix_categories_parent ON categories (parent_id);

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category_id INTEGER NOT NULL REFERENCES categories (id),
    name TEXT NOT NULL,
    subtitle TEXT,
    description TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    spec_schema TEXT NOT NULL DEFAULT '[]',
    is_on_shelf INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_products_category ON products (category_id);
CREATE INDEX ix_products_created ON products (created_at);

CREATE TABLE skus (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES products (id),
    code TEXT NOT NULL,
    specs TEXT NOT NULL DEFAULT '{}',
    spec_key TEXT NOT NULL,
    price_fen INTEGER NOT NULL CHECK (price_fen > 0 AND price_fen <= 100000000),
    stock_quantity INTEGER NOT NULL DEFAULT 0 CHECK (stock_quantity >= 0),
    is_enabled INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ux_skus_code ON skus (code);
CREATE UNIQUE INDEX ux_skus_product_spec_key ON skus (product_id, spec_key);
