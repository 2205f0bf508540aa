-- Notifications, continued: operator-edited message templates (one per event type; none means the default).
-- lines is a JSON array of {"label", "value"}; placeholders {name} are resolved at send time.

CREATE TABLE notification_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type TEXT NOT NULL,
    title TEXT NOT NULL,
    lines TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_notification_templates_event_type ON notification_templates (event_type);
