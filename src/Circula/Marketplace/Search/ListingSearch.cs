using System.Data.Common;
using Circula.Data;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Circula.Shared.Geo;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// Searches the listing documents. Every word of the query must match (in the title or the description); the score
/// adds, per word, the best of: in the title 8, inside a title word 4 (手机 in 手机壳), in the description 2, and half
/// of that for a typo. Equal scores go to the fresher day, then the seller with more credit, then the newer listing.
/// Both providers find candidates with their own full-text index and compute the same integer score in SQL.
/// </summary>
public sealed partial class ListingSearch(CirculaDbContext db)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Counting stops here: a total of MaxTotal means at least that many (counting every match of a common word costs more than the page).</summary>
    public const int MaxTotal = 1_000;

    private const string HitColumns = "d.listing_id, d.title, d.price_fen, d.district, d.condition, d.category_id, d.seller_credit, d.published_at, " +
        "d.published_day, d.cover_image_id, d.cover_image_url, d.cover_thumbnail_url";

    /// <summary>Equal scores: the fresher day, the seller with more credit, the newer listing (ix_marketplace_search_relevance_ties, walked backwards).</summary>
    private const string RelevanceTies = "s.published_day DESC, s.seller_credit DESC, s.published_at DESC, s.listing_id DESC";

    /// <summary>The radius up to which SQLite tests a circle's documents for the words one by one (<see cref="SearchSql.MatchesInBox"/>).</summary>
    private const double SmallCircleKm = 1;

    private const string NewestFirst = "s.published_at DESC, s.listing_id DESC";

    /// <summary>Best first: the first tier is the most a word can score.</summary>
    private static readonly (int Points, string Column, bool Typo)[] Tiers =
    [
        (8, "title_words", false), (4, "title_parts", false), (4, "title_words", true), (2, "body_words", false), (2, "title_parts", true),
        (1, "body_words", true),
    ];

    public async Task<ListingSearchPage> SearchAsync(ListingSearchQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        query.Validate(errors);
        if (errors.Any)
        {
            throw new ArgumentException("Invalid search: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
        }

        if (await PlanAsync(query, ct) is not { } plan)
        {
            return new ListingSearchPage([], query.PageNumber, query.Size, 0);
        }

        if (plan.Candidates.InBox)
        {
            return await InBoxPageAsync(query, plan, ct);
        }

        if (plan.Groups.Count > 0 && query.SortOrDefault != "distance")
        {
            return await WordsPageAsync(query, plan, ct);
        }

        var offset = (query.PageNumber - 1) * query.Size;
        // Nearest with words reads circles only for common words: a rare word's circles would each find too few.
        long? counted = plan.Groups.Count > 0 ? await CountAsync(plan, ct) : null;
        var items = (query.SortOrDefault == "distance" && !(counted < CommonMatches) ? await NearestInRingsAsync(query, plan, ct) : null)
            ?? (await PageAsync(query, plan, plan.Candidates, OrderBy(query), counts: false, ct)).Items;
        var total = counted
            ?? (items.Count < query.Size && (items.Count > 0 || query.PageNumber == 1) ? Math.Min(offset + items.Count, MaxTotal) : await CountAsync(plan, ct));
        return new ListingSearchPage(items, query.PageNumber, query.Size, total);
    }

    /// <summary>
    /// Words sorted by relevance, newest or price: the walk first, which reads at most WalkRows documents and answers a
    /// common word's page, then its capped count. When it gives way (a rare word, a word seldom in the order's first
    /// documents) the full query reads every match anyway, so it counts them in the same pass.
    /// </summary>
    private async Task<ListingSearchPage> WordsPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        if (await WalkedPageAsync(query, plan, ct) is { } walked)
        {
            return new ListingSearchPage(walked, query.PageNumber, query.Size, await CountAsync(plan, ct));
        }

        return await CountedPageAsync(query, plan, ct);
    }

    /// <summary>
    /// How many documents, in the page's order, <see cref="WalkedPageAsync"/> reads (with the ties of the last one)
    /// before it leaves the page to the full query: the bound on common words whose matches are not in that order's
    /// first documents (a word mostly in descriptions by relevance, cheap goods by price).
    /// </summary>
    internal int WalkRows { get; init; } = 2_000;

    /// <summary>The matches from which nearest-first with words reads circles: fewer are read and sorted whole.</summary>
    internal int CommonMatches { get; init; } = MaxTotal;

    /// <summary>The query's term groups and SQL; null when it has words and none of them can match.</summary>
    internal async Task<SearchPlan?> PlanAsync(ListingSearchQuery query, CancellationToken ct)
    {
        var groups = string.IsNullOrWhiteSpace(query.Q) ? [] : await WithoutAbsentWordsAsync(await new QueryTerms(db).PlanAsync(query.Q, ct), ct);
        if (!string.IsNullOrWhiteSpace(query.Q) && groups.Count == 0)
        {
            return null;
        }

        var sql = new SearchSql(db.Database.IsNpgsql());
        return new SearchPlan(groups, sql, Candidates(query, groups, sql, UsesGeoIndex));
    }

    /// <summary>
    /// A mistyped word's group without the word (and its synonyms) when no listing has them: that changes no match and no
    /// score, and says that the best a listing can score for the group is a typo's, which the relevance walk needs.
    /// </summary>
    private async Task<List<TermGroup>> WithoutAbsentWordsAsync(List<TermGroup> groups, CancellationToken ct)
    {
        var kept = new List<TermGroup>();
        foreach (var group in groups)
        {
            var sql = new SearchSql(db.Database.IsNpgsql());
            // A count, not LIMIT 1: with a limit PostgreSQL expects an early hit and scans the table for a word nobody has.
            var absent = group is { Typos.Count: > 0, Exact.Count: > 0 } && (await db.QueryPlannedForValuesAsync(
                $"SELECT COUNT(*) FROM marketplace_search_documents d WHERE {sql.Matches([group with { Typos = [] }])}", r => r.GetInt64(0), ct, [.. sql.Parameters]))[0] == 0;
            kept.Add(absent ? group with { Exact = [] } : group);
        }

        return kept;
    }

    /// <summary>
    /// The page of a common word without reading every match: the documents up to the WalkRows-th in the page's order
    /// (and its ties), kept when they match, are the first matches in that order, so when they fill the page it is the
    /// full query's page; otherwise null. Newest is such an order, and price (ties at a price are then ordered by score,
    /// all of them walked). Relevance is one for the top tier: a match with each word at its best tier (every query word in
    /// the title) scores the most there is, outranks every other match, and ties with the rest of the tier, ordered by the
    /// tie-breakers alone. The walk tests the words on the document's token columns, not in the full-text index: its
    /// rows come from the order's index, and a per-row probe of the full-text index costs far more (SQLite's FTS5).
    /// </summary>
    internal async Task<IReadOnlyList<ListingSearchHit>?> WalkedPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        if (plan.Groups.Count == 0 || query.PageNumber * query.Size > WalkRows)
        {
            return null;
        }

        // Relevance in the tie-breakers' order alone (the kept rows score the same), so the walk can stop after the page.
        (string Column, bool Descending, string Index, string Words, string Order)? walk = query.SortOrDefault switch
        {
            "relevance" => ("published_day", true, "ix_marketplace_search_relevance_ties", plan.Sql.InTopTier(plan.Groups, Tiers), RelevanceTies),
            "newest" => ("published_at", true, "ix_marketplace_search_published", plan.Sql.HasWords(plan.Groups, Tiers), OrderBy(query)),
            "price" => ("price_fen", false, "ix_marketplace_search_price", plan.Sql.HasWords(plan.Groups, Tiers), OrderBy(query)),
            _ => null,
        };
        if (walk is not ({ } column, var descending, { } index, { } words, { } order))
        {
            return null;
        }

        // The WalkRows-th document's value, read apart so the planner sees the narrow range; none: fewer documents, all walked.
        var last = await db.QueryAsync($"SELECT {column} FROM marketplace_search_documents ORDER BY {column}{(descending ? " DESC" : "")} LIMIT 1 OFFSET {WalkRows - 1}",
            r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ct);
        if (last.Count > 0)
        {
            plan.Sql.Parameters.Add(("walkEnd", last[0]));
            words = $"d.{column} {(descending ? ">=" : "<=")} @walkEnd AND {words}";
        }

        var walked = plan.Candidates with { Words = words, Documents = last.Count > 0 ? plan.Sql.DocumentsBy(index) : SearchSql.Documents };
        var (page, _) = await PageAsync(query, plan, walked, order, counts: false, ct);
        return page.Count == query.Size ? page : null;
    }

    private async Task<long> CountAsync(SearchPlan plan, CancellationToken ct) =>
        (await db.QueryPlannedForValuesAsync($"SELECT COUNT(*) FROM ({plan.Sql.Counted(plan.Candidates)} LIMIT {MaxTotal}) s", r => r.GetInt64(0), ct,
            [.. plan.Sql.Parameters]))[0];

    /// <summary>
    /// The page in <paramref name="orderBy"/> with, when <paramref name="counts"/>, the number of candidates (0 without a
    /// row to carry it). The candidates are ordered by their keys alone (the geo index holds a circle's keys: no
    /// table row is read but the page's), and the page's rows are read by id.
    /// </summary>
    private async Task<(List<ListingSearchHit> Items, long Matches)> PageAsync(ListingSearchQuery query, SearchPlan plan, Candidates candidates,
        string orderBy, bool counts, CancellationToken ct)
    {
        var keys = $"d.listing_id{SortKeys(query)}, {plan.Sql.Score(plan.Groups, Tiers)} AS score";
        var rows = await db.QueryPlannedForValuesAsync(
            $"SELECT {HitColumns}, s.score, s.distance_km, s.matches FROM (SELECT s.*, {(counts ? "COUNT(*) OVER ()" : "0")} AS matches " +
            $"FROM ({candidates.Select(keys)}) s ORDER BY {orderBy} LIMIT @limit OFFSET @offset) s " +
            $"JOIN marketplace_search_documents d ON d.listing_id = s.listing_id ORDER BY {orderBy}",
            r => (Hit: Read(r), Matches: r.GetInt64(14)), ct,
            [.. plan.Sql.Parameters, ("limit", query.Size), ("offset", (query.PageNumber - 1) * query.Size)]);
        return (rows.Select(r => r.Hit).ToList(), rows.Count > 0 ? rows[0].Matches : 0);
    }

    /// <summary>The columns <see cref="OrderBy"/> reads besides the id, score and distance.</summary>
    private static string SortKeys(ListingSearchQuery query) => query.SortOrDefault switch
    {
        "price" => ", d.price_fen, d.published_at",
        "distance" => "",
        "newest" => ", d.published_at",
        _ => ", d.published_day, d.seller_credit, d.published_at",
    };

    private static Candidates Candidates(ListingSearchQuery query, List<TermGroup> groups, SearchSql sql, bool usesGeoIndex)
    {
        var where = new List<string> { "1 = 1" };
        AddFilter(where, sql, "d.category_id = @category", "category", query.CategoryId);
        AddFilter(where, sql, "d.price_fen >= @minPrice", "minPrice", query.MinPrice);
        AddFilter(where, sql, "d.price_fen <= @maxPrice", "maxPrice", query.MaxPrice);
        AddFilter(where, sql, "d.condition = @condition", "condition", query.Condition);
        var distance = "NULL";
        GeoBox? box = null;
        if (query is { Lat: { } lat, Lng: { } lng })
        {
            sql.Parameters.Add(("lat", lat));
            sql.Parameters.Add(("lng", lng));
            distance = $"2 * {EarthRadiusKm} * asin(sqrt({sql.Smaller}(1.0, power(sin(radians(d.latitude - @lat) / 2), 2) + " +
                "cos(radians(@lat)) * cos(radians(d.latitude)) * power(sin(radians(d.longitude - @lng) / 2), 2))))";
            // The box of the circle cuts the candidates out of the geo index; the exact circle is checked outside. Near a
            // pole or across the antimeridian there is no box: every document's distance is computed.
            box = usesGeoIndex && query.RadiusKm is { } radius && GeoBox.Around(lat, lng, radius, EarthRadiusKm) is { Narrows: true } around ? around : null;
            if (box is not null)
            {
                where.Add(box.Condition("d", sql.Parameters));
            }
        }

        if (query.RadiusKm is { } km)
        {
            sql.Parameters.Add(("radius", km));
        }

        var words = groups.Count == 0 ? null : box is null ? sql.Matches(groups) : sql.MatchesInBox(groups, Tiers, smallBox: query.RadiusKm <= SmallCircleKm);
        return new Candidates(words, string.Join(" AND ", where), distance, query.RadiusKm is not null, box is not null,
            WordsAlone: words is not null && where.Count == 1 && query.RadiusKm is null);
    }

    private static void AddFilter(List<string> where, SearchSql sql, string condition, string name, object? value)
    {
        if (value is not null)
        {
            where.Add(condition);
            sql.Parameters.Add((name, value));
        }
    }

    private static string OrderBy(ListingSearchQuery query) => query.SortOrDefault switch
    {
        "price" => "s.price_fen, s.score DESC, s.published_at DESC, s.listing_id DESC",
        "distance" => "s.distance_km, s.score DESC, s.listing_id DESC",
        "newest" => NewestFirst,
        _ => $"s.score DESC, {RelevanceTies}",
    };

    private static ListingSearchHit Read(DbDataReader r) =>
        new ListingSearchHit(r.GetInt64(0), Convert.ToInt32(r.GetValue(12), System.Globalization.CultureInfo.InvariantCulture),
            r.IsDBNull(13) ? null : r.GetDouble(13), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt64(5), r.GetInt32(6),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)).UtcDateTime,
            r.IsDBNull(9) ? null : new ListingImage(r.GetString(9), r.GetString(10), r.GetString(11)));
}
