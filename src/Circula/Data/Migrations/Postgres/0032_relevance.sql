-- The listing search's relevance tie-break order (fresher day, more seller credit, newer, higher id), so a relevance
-- query can walk the documents in that order and stop after its page when every query word is in the page's titles
-- (those listings outrank all others), instead of reading and scoring every match of a common word.

CREATE INDEX ix_marketplace_search_relevance_ties ON marketplace_search_documents (published_day, seller_credit, published_at, listing_id);
