-- Inventory: stock per SKU and the ledger of every change to it. The catalog's skus.stock_quantity moves here.
-- on_hand is in the warehouse; reserved is promised to open orders; available = on_hand - reserved is what can be sold.
CREATE TABLE inventory_items (
    sku_id INTEGER PRIMARY KEY REFERENCES skus (id),
    on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
    reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    available INTEGER NOT NULL CHECK (available >= 0),
    -- available just before the latest change: lets one UPDATE ... RETURNING tell how far a change moved it
    -- (low-stock crossing, the size of an on-hand edit) without reading the row first.
    previous_available INTEGER NOT NULL CHECK (previous_available >= 0),
    low_stock_threshold INTEGER NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
    updated_at TEXT NOT NULL,
    CHECK (on_hand = reserved + available)
);

-- One row per change. quantity_delta is the signed change of the figure the movement is about: on_hand for
-- initial, adjust and commit; available for reserve (negative) and release (positive). The *_after columns hold
-- all three figures as the change left them.
CREATE TABLE inventory_movements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sku_id INTEGER NOT NULL REFERENCES inventory_items (sku_id),
    kind TEXT NOT NULL CHECK (kind IN ('initial', 'adjust', 'reserve', 'release', 'commit')),
    quantity_delta INTEGER NOT NULL,
    on_hand_after INTEGER NOT NULL,
    reserved_after INTEGER NOT NULL,
    available_after INTEGER NOT NULL,
    reason TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES users (id),
    order_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX ix_inventory_movements_sku ON inventory_movements (sku_id, id);

INSERT INTO inventory_items (sku_id, on_hand, reserved, available, previous_available, updated_at)
SELECT id, stock_quantity, 0, stock_quantity, stock_quantity, updated_at FROM skus;

INSERT INTO inventory_movements (sku_id, kind, quantity_delta, on_hand_after, reserved_after, available_after, reason, created_at)
SELECT id, 'initial', stock_quantity, stock_quantity, 0, stock_quantity, 'moved from the catalog', updated_at FROM skus ORDER BY id;

ALTER TABLE skus DROP COLUMN stock_quantity;
