-- Image uploads: one row per stored image (re-encoded, under a random key, with its thumbnail under another). The same
-- original bytes from the same user are one upload: the unique (owner, hash) index decides a race of two.
-- A collector's weighing keeps the photos it names (id and URLs, as JSON) on the appointment.

CREATE TABLE uploads (
    id bigint PRIMARY KEY,
    owner_user_id bigint NOT NULL REFERENCES users (id),
    sha256 text NOT NULL,
    image_key text NOT NULL UNIQUE,
    thumbnail_key text NOT NULL UNIQUE,
    content_type text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    bytes bigint NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE UNIQUE INDEX ux_uploads_owner_sha256 ON uploads (owner_user_id, sha256);

ALTER TABLE recycling_appointments ADD COLUMN weighing_photos text;
