-- Recycling: the appointment lifecycle (who collects it, what was weighed and its price, whether the customer must accept
-- it, the times of each step, how a cancellation came about) and its history; collector profiles (an area polygon in
-- GCJ-02, a base point, daily hours, places per slot) and the places each has taken per slot (raised only by a
-- conditional update); payouts (one per appointment: the key) and the balance ledger in fen.

ALTER TABLE recycling_appointments ADD COLUMN collector_id INTEGER REFERENCES users (id);
ALTER TABLE recycling_appointments ADD COLUMN final_fen INTEGER CHECK (final_fen >= 0);
ALTER TABLE recycling_appointments ADD COLUMN weighed_items TEXT;
ALTER TABLE recycling_appointments ADD COLUMN price_acceptance TEXT;
ALTER TABLE recycling_appointments ADD COLUMN confirmed_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN assigned_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN on_the_way_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN weighed_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN completed_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN cancelled_at TEXT;
ALTER TABLE recycling_appointments ADD COLUMN cancel_reason TEXT;
ALTER TABLE recycling_appointments ADD COLUMN cancellation TEXT;

CREATE INDEX ix_recycling_appointments_collector ON recycling_appointments (collector_id, slot_start);
CREATE INDEX ix_recycling_appointments_status_slot ON recycling_appointments (slot_start, status);

CREATE TABLE recycling_appointment_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    appointment_id INTEGER NOT NULL REFERENCES recycling_appointments (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_user_id INTEGER,
    reason TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX ix_recycling_appointment_history_appointment ON recycling_appointment_history (appointment_id, id);

CREATE TABLE recycling_collectors (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    name TEXT NOT NULL,
    area TEXT NOT NULL,
    base_latitude REAL NOT NULL,
    base_longitude REAL NOT NULL,
    opens_minute INTEGER NOT NULL CHECK (opens_minute BETWEEN 0 AND 1440),
    closes_minute INTEGER NOT NULL CHECK (closes_minute BETWEEN 0 AND 1440),
    slot_capacity INTEGER NOT NULL CHECK (slot_capacity BETWEEN 1 AND 50),
    active INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    CHECK (opens_minute < closes_minute)
);

CREATE TABLE recycling_collector_slots (
    collector_id INTEGER NOT NULL REFERENCES recycling_collectors (user_id),
    slot_start TEXT NOT NULL,
    booked INTEGER NOT NULL CHECK (booked >= 0),
    UNIQUE (collector_id, slot_start)
);

CREATE TABLE recycling_payouts (
    appointment_id INTEGER PRIMARY KEY REFERENCES recycling_appointments (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    collector_user_id INTEGER NOT NULL REFERENCES users (id),
    provider TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    status TEXT NOT NULL,
    reference TEXT,
    refused_reason TEXT,
    created_at TEXT NOT NULL,
    paid_at TEXT,
    version INTEGER NOT NULL
);

CREATE TABLE recycling_ledger_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    appointment_id INTEGER NOT NULL REFERENCES recycling_appointments (id),
    reason TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    -- One movement of each kind per appointment: a retried completion or payout cannot book money twice.
    UNIQUE (appointment_id, reason)
);

CREATE INDEX ix_recycling_ledger_entries_user ON recycling_ledger_entries (user_id, id);
