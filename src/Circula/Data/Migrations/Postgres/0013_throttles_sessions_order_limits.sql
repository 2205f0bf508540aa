-- Password sign-in: the 15-minute lockout goes; failures are throttled per (account, client address) and per account.
-- A key is a keyed hash of what it counts (no usernames or addresses in clear); rows a day past their last failure
-- are deleted.
ALTER TABLE users DROP COLUMN failed_login_count;
ALTER TABLE users DROP COLUMN lockout_ends_at;
CREATE TABLE sign_in_throttles (
    key text PRIMARY KEY,
    failures integer NOT NULL,
    blocked_until timestamptz NOT NULL,
    last_failure_at timestamptz NOT NULL
);
CREATE INDEX ix_sign_in_throttles_last_failure ON sign_in_throttles (last_failure_at);

-- Revocation: a user's security_version is set from the one-row counter, in the transaction that changes their roles,
-- disables them or ends a sign-in. The counter row is locked until that commits, so versions become visible in order
-- and every replica can poll "users with a version above the last one I saw" without missing one.
ALTER TABLE users ADD COLUMN security_version bigint NOT NULL DEFAULT 0;
CREATE INDEX ix_users_security_version ON users (security_version);
CREATE TABLE security_change_counter (
    id integer PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL
);
INSERT INTO security_change_counter (id, version) VALUES (1, 0);

-- Hoarding limits: one customer's placements take this row's lock in turn, so counting their unpaid orders and the
-- units they hold is exact even when their requests race.
CREATE TABLE order_placement_locks (
    customer_id bigint PRIMARY KEY,
    locked_at timestamptz NOT NULL
);
CREATE INDEX ix_orders_customer_status ON orders (customer_id, status);
