using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// Keeps the search documents of Active listings. Both calls write through the scoped <see cref="CirculaDbContext"/> in
/// the caller's transaction, so a listing and its document commit or roll back together; without one, each call is its
/// own transaction. The same listing written twice at once leaves one document (an upsert on the listing id).
/// </summary>
public sealed class ListingSearchIndex(CirculaDbContext db)
{
    private const string Columns =
        "listing_id, seller_id, title, description, category_id, condition, price_fen, latitude, longitude, district, seller_credit, " +
        "published_at, published_day, title_words, title_parts, body_words, cover_image_id, cover_image_url, cover_thumbnail_url";

    private const string Values =
        "@id, @seller, @title, @description, @category, @condition, @price, @latitude, @longitude, @district, @credit, " +
        "@published, @day, @titleWords, @titleParts, @bodyWords, @coverId, @coverUrl, @coverThumbnailUrl";

    private const string Updates =
        "seller_id = excluded.seller_id, title = excluded.title, description = excluded.description, category_id = excluded.category_id, " +
        "condition = excluded.condition, price_fen = excluded.price_fen, latitude = excluded.latitude, longitude = excluded.longitude, " +
        "district = excluded.district, seller_credit = excluded.seller_credit, published_at = excluded.published_at, " +
        "published_day = excluded.published_day, title_words = excluded.title_words, title_parts = excluded.title_parts, body_words = excluded.body_words, " +
        "cover_image_id = excluded.cover_image_id, cover_image_url = excluded.cover_image_url, cover_thumbnail_url = excluded.cover_thumbnail_url";

    public async Task UpsertAsync(ListingSearchDocument doc, CancellationToken ct)
    {
        if (!ListingConditions.All.Contains(doc.Condition))
        {
            throw new ArgumentException($"Condition must be one of {string.Join(", ", ListingConditions.All)}.", nameof(doc));
        }

        var text = IndexedText.Of(doc.Title, doc.Description);
        var published = new DateTimeOffset(DateTime.SpecifyKind(doc.PublishedAt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        List<(string, object?)> parameters =
        [
            ("id", doc.ListingId), ("seller", doc.SellerId), ("title", doc.Title), ("description", doc.Description), ("category", doc.CategoryId),
            ("condition", doc.Condition), ("price", doc.PriceFen), ("latitude", doc.Latitude), ("longitude", doc.Longitude),
            ("district", doc.District), ("credit", doc.SellerCredit), ("published", published), ("day", (int)(published / 86_400_000)),
            ("titleWords", text.TitleWords), ("titleParts", text.TitleParts), ("bodyWords", text.BodyWords),
            ("coverId", doc.Cover?.Id), ("coverUrl", doc.Cover?.Url), ("coverThumbnailUrl", doc.Cover?.ThumbnailUrl),
        ];
        var sql = db.Database.IsNpgsql()
            ? $"INSERT INTO marketplace_search_documents ({Columns}, search_vector) VALUES ({Values}, array_to_tsvector(@tokens)) " +
              $"ON CONFLICT (listing_id) DO UPDATE SET {Updates}, search_vector = excluded.search_vector;"
            : $"INSERT INTO marketplace_search_documents ({Columns}) VALUES ({Values}) ON CONFLICT (listing_id) DO UPDATE SET {Updates}; " +
              "DELETE FROM marketplace_search_fts WHERE rowid = @id; INSERT INTO marketplace_search_fts (rowid, tokens) VALUES (@id, @spacedTokens);";
        parameters.Add(db.Database.IsNpgsql() ? ("tokens", text.AllTokens.ToArray()) : ("spacedTokens", IndexedText.Spaced(text.AllTokens)));
        sql += TermsInsert(text.TypoWords, parameters);
        await InTransactionAsync(sql, parameters, ct);
    }

    public Task RemoveAsync(long listingId, CancellationToken ct) =>
        InTransactionAsync(db.Database.IsNpgsql()
            ? "DELETE FROM marketplace_search_documents WHERE listing_id = @id;"
            : "DELETE FROM marketplace_search_documents WHERE listing_id = @id; DELETE FROM marketplace_search_fts WHERE rowid = @id;",
            [("id", listingId)], ct);

    /// <summary>The words' typo spellings, in one order everywhere so two transactions adding the same ones cannot deadlock.</summary>
    private static string TermsInsert(IReadOnlyList<string> words, List<(string, object?)> parameters)
    {
        var rows = words.SelectMany(w => TypoSpellings.Of(w).Select(s => (Spelling: s, Word: w)))
            .OrderBy(r => r.Spelling, StringComparer.Ordinal).ThenBy(r => r.Word, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return "";
        }

        var values = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            parameters.Add(($"v{i}", rows[i].Spelling));
            parameters.Add(($"t{i}", rows[i].Word));
            values.Add($"(@v{i}, @t{i})");
        }

        return $" INSERT INTO marketplace_search_terms (variant, term) VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING;";
    }

    private async Task InTransactionAsync(string sql, List<(string, object?)> parameters, CancellationToken ct)
    {
        await using var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.ExecuteAsync(sql, ct, [.. parameters]);
        if (own is not null)
        {
            await own.CommitAsync(ct);
        }
    }
}
