-- Nearby and geo-fence queries read only the listings in a box (issue #12): geo_row is the latitude's row of a fixed
-- grid of 0.002° (GeoBox.RowsPerDegree = 500), so a box is one index range of longitudes per row instead of a band
-- of latitudes across the whole map. A generated column: the database keeps it in step with the latitude in every
-- write, in that write's transaction (a listing that moves moves its row; a deleted document takes its entry along).
-- The index also holds what the geo-fence reads (position, publication time, id), so it reads no table rows.

ALTER TABLE marketplace_search_documents ADD COLUMN geo_row INTEGER GENERATED ALWAYS AS (CAST(floor(latitude * 500) AS INTEGER)) VIRTUAL;

CREATE INDEX ix_marketplace_search_geo ON marketplace_search_documents (geo_row, longitude, latitude, published_at, listing_id);

DROP INDEX ix_marketplace_search_position;
