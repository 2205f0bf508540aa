-- Image uploads: one row per stored image (re-encoded, under a random key, with its thumbnail under another). The same
-- original bytes from the same user are one upload: the unique (owner, hash) index decides a race of two.
-- A collector's weighing keeps the photos it names (id and URLs, as JSON) on the appointment.

CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    owner_user_id INTEGER NOT NULL REFERENCES users (id),
    sha256 TEXT NOT NULL,
    image_key TEXT NOT NULL UNIQUE,
    thumbnail_key TEXT NOT NULL UNIQUE,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX ux_uploads_owner_sha256 ON uploads (owner_user_id, sha256);

ALTER TABLE recycling_appointments ADD COLUMN weighing_photos TEXT;
