-- Browse reads a product read model instead of joining products, SKUs and the category tree per request. Every catalog
-- write rewrites the rows it affects in its own transaction (Catalog/ProductReadModel), after bumping catalog_version:
-- that row's lock orders catalog writers, and replicas poll its number to know when their browse caches went stale.

CREATE TABLE catalog_version (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 1);

-- Every category's path of ids from its root ('/3/12/'), so a subtree is one range of paths, and whether buyers see it
-- (it and all its ancestors are enabled). COLLATE "C": byte order, so the range is the prefix.
CREATE TABLE catalog_category_paths (
    category_id bigint PRIMARY KEY REFERENCES categories (id),
    path text COLLATE "C" NOT NULL,
    is_visible boolean NOT NULL
);

-- One row per product: what the public list shows and sorts by. Prices are over enabled SKUs (NULL when none);
-- is_listed is what buyers may see: on the shelf, not deleted, in a visible category, with an enabled SKU.
CREATE TABLE catalog_product_listing (
    product_id bigint PRIMARY KEY REFERENCES products (id),
    category_id bigint NOT NULL,
    category_path text COLLATE "C" NOT NULL,
    name text NOT NULL,
    subtitle text,
    min_price_fen bigint,
    max_price_fen bigint,
    is_on_shelf boolean NOT NULL,
    is_deleted boolean NOT NULL,
    category_visible boolean NOT NULL,
    is_listed boolean NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version integer NOT NULL
);
CREATE INDEX ix_catalog_listing_newest ON catalog_product_listing (created_at DESC, product_id DESC) WHERE is_listed;
CREATE INDEX ix_catalog_listing_price ON catalog_product_listing (min_price_fen, product_id) WHERE is_listed;
CREATE INDEX ix_catalog_listing_name ON catalog_product_listing (name, product_id) WHERE is_listed;
CREATE INDEX ix_catalog_listing_path ON catalog_product_listing (category_path) WHERE is_listed;

INSERT INTO catalog_category_paths (category_id, path, is_visible)
WITH RECURSIVE tree (id, path, is_visible) AS (
    SELECT id, '/' || id || '/', is_enabled FROM categories WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, t.path || c.id || '/', t.is_visible AND c.is_enabled FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT id, path, is_visible FROM tree;

INSERT INTO catalog_product_listing (product_id, category_id, category_path, name, subtitle, min_price_fen, max_price_fen,
    is_on_shelf, is_deleted, category_visible, is_listed, created_at, updated_at, version)
SELECT p.id, p.category_id, c.path, p.name, p.subtitle, s.min_price, s.max_price, p.is_on_shelf, p.deleted_at IS NOT NULL,
    c.is_visible, p.is_on_shelf AND p.deleted_at IS NULL AND c.is_visible AND s.min_price IS NOT NULL, p.created_at, p.updated_at, p.version
FROM products p
JOIN catalog_category_paths c ON c.category_id = p.category_id
LEFT JOIN (SELECT product_id, min(price_fen) AS min_price, max(price_fen) AS max_price FROM skus WHERE is_enabled GROUP BY product_id) s
    ON s.product_id = p.id;
