-- Words with a category, a price range and a condition (issue #12): the capped count ANDs the words' matches with one
-- index that holds all three filters, instead of with the category's price range, whose every match was read for its
-- condition (4,200 documents for 1,000 counted). Measured on 100,000 listings: 8.4 → 4.6 ms on PostgreSQL, 15 → 5 ms
-- on SQLite, where it also covers the count. It replaces (category_id, price_fen) and still orders a category by price:
-- with both, SQLite (no statistics) took the condition's index for a category by price and sorted it whole.

DROP INDEX ix_marketplace_search_category;

CREATE INDEX ix_marketplace_search_category ON marketplace_search_documents (category_id, price_fen, condition);
