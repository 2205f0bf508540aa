using System.Data.Common;
using System.Text;
using Circula.Data;
using Circula.Marketplace.Listings;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// Searches the listing documents. Every word of the query must match (in the title or the description); the score
/// adds, per word, the best of: in the title 8, inside a title word 4 (手机 in 手机壳), in the description 2, and half
/// of that for a typo. Equal scores go to the fresher day, then the seller with more credit, then the newer listing.
/// Both providers find candidates with their own full-text index and compute the same integer score in SQL.
/// </summary>
public sealed class ListingSearch(CirculaDbContext db)
{
    private const double EarthRadiusKm = 6371.0088;
    private const double KmPerDegree = 111.32;

    /// <summary>Counting stops here: a total of MaxTotal means at least that many (counting every match of a common word costs more than the page).</summary>
    public const int MaxTotal = 1_000;

    private const string HitColumns = "d.listing_id, d.title, d.price_fen, d.district, d.condition, d.category_id, d.seller_credit, d.published_at, " +
        "d.published_day, d.cover_image_id, d.cover_image_url, d.cover_thumbnail_url";

    /// <summary>Equal scores: the fresher day, the seller with more credit, the newer listing (ix_marketplace_search_relevance_ties, walked backwards).</summary>
    private const string RelevanceTies = "s.published_day DESC, s.seller_credit DESC, s.published_at DESC, s.listing_id DESC";

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

        var offset = (query.PageNumber - 1) * query.Size;
        // No window count over the page: with one, every match is read, scored and sorted before the page is cut. Without
        // it PostgreSQL stops after the page (index order for newest and price, a top-N sort for relevance).
        var items = await WalkedPageAsync(query, plan, ct) ?? await PageAsync(query, plan, plan.Candidates, OrderBy(query), ct);
        var total = items.Count < query.Size && (items.Count > 0 || query.PageNumber == 1) ? Math.Min(offset + items.Count, MaxTotal)
            : (await db.QueryAsync($"SELECT COUNT(*) FROM ({plan.Candidates.Select("d.listing_id")} LIMIT {MaxTotal}) s", r => r.GetInt64(0), ct,
                [.. plan.Sql.Parameters]))[0];
        return new ListingSearchPage(items, query.PageNumber, query.Size, total);
    }

    /// <summary>
    /// How many documents, in the page's order, <see cref="WalkedPageAsync"/> reads before it leaves the page to the full
    /// query: the bound on a word with many matches but few of them in titles, or a rare word sorted by newest.
    /// </summary>
    internal int WalkRows { get; init; } = 2_000;

    /// <summary>The query's term groups and SQL; null when it has words and none of them can match.</summary>
    internal async Task<SearchPlan?> PlanAsync(ListingSearchQuery query, CancellationToken ct)
    {
        var groups = string.IsNullOrWhiteSpace(query.Q) ? [] : await new QueryTerms(db).PlanAsync(query.Q, ct);
        if (!string.IsNullOrWhiteSpace(query.Q) && groups.Count == 0)
        {
            return null;
        }

        var sql = new SearchSql(db.Database.IsNpgsql());
        return new SearchPlan(groups, sql, Candidates(query, groups, sql));
    }

    /// <summary>
    /// The page of a common word without reading every match: the first WalkRows documents in the page's order, kept
    /// when they match, are the first matches in that order (a walk of an index that stops early), so when they fill
    /// the page it is exactly the full query's page; otherwise null. Newest is such an order as it is. Relevance is
    /// one for the top tier: a match with every query word in its title scores the most there is (the first tier for
    /// every word), outranks every other match, and ties with the others of the tier, ordered by the tie-breakers alone.
    /// </summary>
    internal async Task<IReadOnlyList<ListingSearchHit>?> WalkedPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        // SQLite reads the walk far slower than PostgreSQL (a rare word: 4 → 46 ms p50, docs/benchmarks.md), so it does not walk yet.
        if (!db.Database.IsNpgsql() || plan.Groups.Count == 0 || query.PageNumber * query.Size > WalkRows)
        {
            return null;
        }

        (string Order, string Where)? walk = query.SortOrDefault switch
        {
            "relevance" => (RelevanceTies, $"{plan.Candidates.Where} AND {plan.Sql.InTier(plan.Groups, Tiers[0].Column)}"),
            "newest" => (NewestFirst, plan.Candidates.Where),
            _ => null,
        };
        if (walk is not ({ } order, { } where))
        {
            return null;
        }

        var walked = plan.Candidates with { Documents = $"(SELECT * FROM marketplace_search_documents s ORDER BY {order} LIMIT {WalkRows})", Where = where };
        // In the walk's own order, which the kept rows are in already (a walked relevance row scores the most, as all of
        // them do), so the database can stop reading the walk once the page is full.
        var page = await PageAsync(query, plan, walked, order, ct);
        return page.Count == query.Size ? page : null;
    }

    private Task<List<ListingSearchHit>> PageAsync(ListingSearchQuery query, SearchPlan plan, Candidates candidates, string orderBy, CancellationToken ct) =>
        db.QueryAsync(
            $"SELECT s.* FROM ({candidates.Select(HitColumns + $", {plan.Sql.Score(plan.Groups, Tiers)} AS score")}) s ORDER BY {orderBy} " +
            "LIMIT @limit OFFSET @offset",
            Read, ct, [.. plan.Sql.Parameters, ("limit", query.Size), ("offset", (query.PageNumber - 1) * query.Size)]);

    private static Candidates Candidates(ListingSearchQuery query, List<TermGroup> groups, SearchSql sql)
    {
        var where = new List<string> { "1 = 1" };
        if (groups.Count > 0)
        {
            where.Add(sql.Matches(groups));
        }

        AddFilter(where, sql, "d.category_id = @category", "category", query.CategoryId);
        AddFilter(where, sql, "d.price_fen >= @minPrice", "minPrice", query.MinPrice);
        AddFilter(where, sql, "d.price_fen <= @maxPrice", "maxPrice", query.MaxPrice);
        AddFilter(where, sql, "d.condition = @condition", "condition", query.Condition);
        var distance = "NULL";
        if (query is { Lat: { } lat, Lng: { } lng })
        {
            sql.Parameters.Add(("lat", lat));
            sql.Parameters.Add(("lng", lng));
            distance = $"2 * {EarthRadiusKm} * asin(sqrt({sql.Smaller}(1.0, power(sin(radians(d.latitude - @lat) / 2), 2) + " +
                "cos(radians(@lat)) * cos(radians(d.latitude)) * power(sin(radians(d.longitude - @lng) / 2), 2))))";
            if (query.RadiusKm is { } radius)
            {
                // The bounding box lets the position index cut the candidates; the exact circle is checked outside.
                var latSpan = radius / KmPerDegree;
                var lngSpan = Math.Cos(lat * Math.PI / 180) is var cos && cos > 0.01 ? radius / (KmPerDegree * cos) : 360;
                where.Add("d.latitude BETWEEN @latMin AND @latMax AND d.longitude BETWEEN @lngMin AND @lngMax");
                sql.Parameters.AddRange([("latMin", lat - latSpan), ("latMax", lat + latSpan), ("lngMin", lng - lngSpan), ("lngMax", lng + lngSpan)]);
            }
        }

        if (query.RadiusKm is { } km)
        {
            sql.Parameters.Add(("radius", km));
        }

        return new Candidates(string.Join(" AND ", where), distance, query.RadiusKm is not null);
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

/// <summary>A search ready to run: its words as term groups, the SQL that collects its parameters, its candidates.</summary>
internal sealed record SearchPlan(List<TermGroup> Groups, SearchSql Sql, Candidates Candidates);

/// <summary>The documents that pass the words and filters: Where over the documents d, Distance the km from lat/lng (NULL without), checked against @radius when InRadius.</summary>
internal sealed record Candidates(string Where, string Distance, bool InRadius)
{
    /// <summary>The documents searched: the table, or a subquery of some of its rows.</summary>
    public string Documents { get; init; } = "marketplace_search_documents";

    public string Select(string columns)
    {
        var inner = $"SELECT {columns}, {Distance} AS distance_km FROM {Documents} d WHERE {Where}";
        return InRadius ? $"SELECT * FROM ({inner}) c WHERE c.distance_km <= @radius" : inner;
    }
}

/// <summary>The few places where the SQL of the two providers differs, and the parameters a search collects.</summary>
internal sealed class SearchSql(bool postgres)
{
    private readonly Dictionary<string, string> _termParameters = new(StringComparer.Ordinal);

    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string Smaller => postgres ? "least" : "min";

    /// <summary>Listings that have a term of every group: FTS5 MATCH on SQLite, the tsvector's GIN index on PostgreSQL.</summary>
    public string Matches(List<TermGroup> groups)
    {
        // Terms are letters and digits only (SearchText), so quoting them needs no escaping.
        var expression = string.Join(postgres ? " & " : " AND ",
            groups.Select(g => "(" + string.Join(postgres ? " | " : " OR ", g.All.Distinct(StringComparer.Ordinal).Select(t => postgres ? $"'{t}'" : $"\"{t}\"")) + ")"));
        Parameters.Add(("match", expression));
        return postgres
            ? "d.search_vector @@ CAST(@match AS tsquery)"
            : "d.listing_id IN (SELECT rowid FROM marketplace_search_fts WHERE marketplace_search_fts MATCH @match)";
    }

    /// <summary>Per group the points of the best tier it matches, summed; 0 without groups.</summary>
    public string Score(List<TermGroup> groups, (int Points, string Column, bool Typo)[] tiers)
    {
        if (groups.Count == 0)
        {
            return "0";
        }

        var score = new StringBuilder();
        foreach (var group in groups)
        {
            score.Append(score.Length == 0 ? "(CASE" : " + (CASE");
            foreach (var (points, column, typo) in tiers)
            {
                var terms = typo ? group.Typos : group.Exact;
                if (terms.Count > 0)
                {
                    score.Append(" WHEN ").Append(string.Join(" OR ", terms.Select(t => Contains(column, t)))).Append(" THEN ").Append(points);
                }
            }

            score.Append(" ELSE 0 END)");
        }

        return score.ToString();
    }

    /// <summary>Listings where every group has one of its words (not a typo) in column.</summary>
    public string InTier(List<TermGroup> groups, string column) =>
        string.Join(" AND ", groups.Select(g => "(" + string.Join(" OR ", g.Exact.Select(t => Contains(column, t))) + ")"));

    private string Contains(string column, string term)
    {
        if (!_termParameters.TryGetValue(term, out var name))
        {
            name = "term" + _termParameters.Count;
            _termParameters[term] = name;
            Parameters.Add((name, $" {term} "));
        }

        return postgres ? $"strpos(d.{column}, @{name}) > 0" : $"instr(d.{column}, @{name}) > 0";
    }
}
