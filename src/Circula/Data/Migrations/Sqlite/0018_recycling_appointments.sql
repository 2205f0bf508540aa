-- Recycling: service areas (GeoJSON polygons in GCJ-02, each with its slot length, capacity and daily hours), the
-- booked count of each slot (one row per area and slot start, raised only by a conditional update, so a slot never
-- takes more than its capacity, on one process or many) and pickup appointments. The appointment's address and
-- contact are one encrypted JSON document.

CREATE TABLE recycling_service_areas (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    boundary TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 15 AND 720),
    slot_capacity INTEGER NOT NULL CHECK (slot_capacity BETWEEN 1 AND 1000),
    opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1440),
    closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 0 AND 1440),
    created_at TEXT NOT NULL,
    CHECK (opens_minute < closes_minute)
);

CREATE TABLE recycling_slot_counts (
    area_id INTEGER NOT NULL REFERENCES recycling_service_areas (id),
    slot_start TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    booked INTEGER NOT NULL CHECK (booked BETWEEN 0 AND capacity),
    UNIQUE (area_id, slot_start)
);

CREATE TABLE recycling_appointments (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    area_id INTEGER NOT NULL REFERENCES recycling_service_areas (id),
    quote_id INTEGER NOT NULL REFERENCES recycling_quotes (id),
    category_id INTEGER NOT NULL REFERENCES categories (id),
    rule_version INTEGER NOT NULL,
    quoted_fen INTEGER NOT NULL CHECK (quoted_fen >= 0),
    contact TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    slot_start TEXT NOT NULL,
    slot_end TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- One appointment per quote: booking a quote again is a conflict, not a second pickup.
    UNIQUE (quote_id),
    FOREIGN KEY (category_id, rule_version) REFERENCES recycling_pricing_rules (category_id, version)
);

CREATE INDEX ix_recycling_appointments_user ON recycling_appointments (user_id, created_at);
CREATE INDEX ix_recycling_appointments_slot ON recycling_appointments (area_id, slot_start);
