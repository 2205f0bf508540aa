-- A search hit shows the listing's cover (its first image, as the listing answers it), so the search document keeps it:
-- the upload's id and its two URLs, NULL when the listing has no image. Documents written before are filled from
-- their listings' images.

ALTER TABLE marketplace_search_documents ADD COLUMN cover_image_id TEXT;
ALTER TABLE marketplace_search_documents ADD COLUMN cover_image_url TEXT;
ALTER TABLE marketplace_search_documents ADD COLUMN cover_thumbnail_url TEXT;

UPDATE marketplace_search_documents
SET cover_image_id = (SELECT json_extract(l.image_ids, '$[0].id') FROM marketplace_listings l WHERE l.id = marketplace_search_documents.listing_id),
    cover_image_url = (SELECT json_extract(l.image_ids, '$[0].url') FROM marketplace_listings l WHERE l.id = marketplace_search_documents.listing_id),
    cover_thumbnail_url = (SELECT json_extract(l.image_ids, '$[0].thumbnailUrl') FROM marketplace_listings l WHERE l.id = marketplace_search_documents.listing_id);
