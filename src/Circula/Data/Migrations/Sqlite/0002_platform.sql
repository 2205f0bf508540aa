-- Snowflake worker ids leased by live replicas.
CREATE TABLE worker_leases (
    worker_id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Transactional outbox: events written with the state change, delivered by the dispatcher.
CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    status INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    delivered_at TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);
CREATE INDEX ix_outbox_messages_due ON outbox_messages (status, next_attempt_at);

CREATE TABLE outbox_deliveries (
    message_id INTEGER NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
    handler TEXT NOT NULL,
    delivered_at TEXT NOT NULL,
    PRIMARY KEY (message_id, handler)
);

-- Durable timers: payment deadlines, automatic completion.
CREATE TABLE durable_timers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    due_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    completed_at TEXT,
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);
CREATE INDEX ix_durable_timers_due ON durable_timers (due_at) WHERE completed_at IS NULL;
CREATE UNIQUE INDEX ux_durable_timers_live ON durable_timers (kind, subject_id) WHERE completed_at IS NULL;
