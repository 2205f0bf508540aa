-- Notifications, continued: WeChat subscribe messages (订阅消息).
-- subscribe_templates: which mini-program template an operator chose for a customer notice (order shipped...), and how
-- its data fields are filled (fields: JSON object of field key -> text with {name} placeholders).
-- subscribe_credits: one-time subscriptions a customer accepted in the mini program, per template; a send consumes one.
-- mini_program_tokens: the one access token every replica shares (id = 1), encrypted; version moves with each refresh,
-- refreshing_until marks the replica fetching a new one so the others wait instead of invalidating it.

CREATE TABLE subscribe_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notice TEXT NOT NULL,
    template_id TEXT NOT NULL,
    page TEXT NULL,
    fields TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_subscribe_templates_notice ON subscribe_templates (notice);

CREATE TABLE subscribe_credits (
    user_id INTEGER NOT NULL,
    template_id TEXT NOT NULL,
    credits INTEGER NOT NULL CHECK (credits >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, template_id)
);

CREATE TABLE mini_program_tokens (
    id INTEGER PRIMARY KEY,
    protected_token TEXT NULL,
    expires_at TEXT NULL,
    version INTEGER NOT NULL,
    refreshing_until TEXT NULL
);
INSERT INTO mini_program_tokens (id, version) VALUES (1, 0);

-- A delivery may now be a customer's subscribe message (target_id: the customer's user id). SQLite cannot change a CHECK
-- constraint, so notification_deliveries is rebuilt; foreign keys are enforced and cannot be switched off inside the
-- migration's transaction, so notification_attempts is rebuilt against the new table before the old one is dropped, and
-- the renames carry the references along (as 0012 does).
CREATE TABLE notification_deliveries_new (
    id INTEGER PRIMARY KEY,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('robot', 'webhook', 'customer')),
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
INSERT INTO notification_deliveries_new SELECT id, target_kind, target_id, event_id, event_type, payload, occurred_at, status, attempts, next_attempt_at,
    last_result, created_at, delivered_at, claimed_by, claimed_until FROM notification_deliveries;

CREATE TABLE notification_attempts_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES notification_deliveries_new (id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    attempted_at TEXT NOT NULL,
    http_status INTEGER,
    outcome TEXT NOT NULL,
    response TEXT
);
INSERT INTO notification_attempts_new SELECT id, delivery_id, attempt, attempted_at, http_status, outcome, response FROM notification_attempts;

DROP TABLE notification_attempts;
DROP TABLE notification_deliveries;
ALTER TABLE notification_deliveries_new RENAME TO notification_deliveries;
ALTER TABLE notification_attempts_new RENAME TO notification_attempts;
CREATE UNIQUE INDEX ux_notification_deliveries_target_event ON notification_deliveries (target_kind, target_id, event_id);
CREATE INDEX ix_notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'Pending';
CREATE INDEX ix_notification_deliveries_target ON notification_deliveries (target_kind, target_id, id);
CREATE INDEX ix_notification_attempts_delivery ON notification_attempts (delivery_id, attempt);
