-- A search hit shows the listing's cover (its first image, as the listing answers it), so the search document keeps it:
-- the upload's id and its two URLs, NULL when the listing has no image. Documents written before are filled from
-- their listings' images.

ALTER TABLE marketplace_search_documents ADD COLUMN cover_image_id text;
ALTER TABLE marketplace_search_documents ADD COLUMN cover_image_url text;
ALTER TABLE marketplace_search_documents ADD COLUMN cover_thumbnail_url text;

UPDATE marketplace_search_documents d
SET cover_image_id = l.image_ids::jsonb -> 0 ->> 'id',
    cover_image_url = l.image_ids::jsonb -> 0 ->> 'url',
    cover_thumbnail_url = l.image_ids::jsonb -> 0 ->> 'thumbnailUrl'
FROM marketplace_listings l
WHERE l.id = d.listing_id;
