-- Placeholder for branch recycle3's migration 0019 (dispatch and payouts), so this branch's 0020 applies on its own.
-- When merging recycle3, take its file instead of this one.
SELECT 1;
