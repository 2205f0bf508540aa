-- Notifications: group robots (WeCom, Feishu, DingTalk), signed webhooks, and one durable delivery queue for both.
-- Target URLs and secrets are stored encrypted (PiiProtector, AES-256-GCM); url_hint is the host shown to operators.
-- event_types is a space-separated list of event type names; empty means every event the module delivers.

CREATE TABLE notification_robots (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    provider TEXT NOT NULL,
    format TEXT NOT NULL,
    protected_url TEXT NOT NULL,
    url_hint TEXT NOT NULL,
    protected_secret TEXT,
    event_types TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Active', 'Flagged')),
    flag_reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE notification_webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    protected_url TEXT NOT NULL,
    url_hint TEXT NOT NULL,
    protected_secret TEXT NOT NULL,
    event_types TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Active', 'Disabled')),
    failure_streak INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The send times of a target's latest messages (a ring as long as its rate limit), so replicas share one sliding window;
-- version makes two replicas taking the same slot conflict.
CREATE TABLE notification_send_windows (
    target_kind TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    recent_sends TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (target_kind, target_id)
);

-- One event for one target, claimed by the delivery worker of any replica (claimed_by/claimed_until), retried with
-- backoff; the unique key makes a fan-out that runs twice (at-least-once outbox) queue it once.
CREATE TABLE notification_deliveries (
    id INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('robot', 'webhook')),
    target_id INTEGER NOT NULL,
    event_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Pending', 'Delivered', 'Failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_result TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT,
    claimed_by TEXT,
    claimed_until TEXT
);
CREATE UNIQUE INDEX ux_notification_deliveries_target_event ON notification_deliveries (target_kind, target_id, event_id);
CREATE INDEX ix_notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'Pending';
CREATE INDEX ix_notification_deliveries_target ON notification_deliveries (target_kind, target_id, id);

-- Every call made for a delivery: what the target answered (HTTP status and the start of its body) or why it failed.
CREATE TABLE notification_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES notification_deliveries (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    http_status INTEGER,
    outcome TEXT NOT NULL,
    response TEXT
);
CREATE INDEX ix_notification_attempts_delivery ON notification_attempts (delivery_id, attempt);
