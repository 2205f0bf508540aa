using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// The geographic searches: a radius reads the documents of the circle's box from the geo index (ix_marketplace_search_geo:
/// one range of longitudes per latitude row of the box) and answers the page and the capped total from that one read;
/// nearest without a radius reads growing boxes around the point until one's circle holds the page.
/// </summary>
public sealed partial class ListingSearch
{
    /// <summary>The first circle nearest-first reads; each next one is <see cref="RingGrowth"/> times wider, up to <see cref="MaxRingKm"/>.</summary>
    private const double FirstRingKm = 1;

    private const double RingGrowth = 3;

    /// <summary>Beyond this a box holds much of a city: the full query reads no more and sorts no worse.</summary>
    private const double MaxRingKm = 30;

    /// <summary>Whether a position narrows by the geo index; without it every document's distance is computed (the reference the tests compare with).</summary>
    internal bool UsesGeoIndex { get; init; } = true;

    /// <summary>
    /// Every candidate is in the box and each is read once anyway (the exact circle needs its distance), so the page and
    /// the count come from one query: the window count over the circle's matches, capped as a count is.
    /// </summary>
    private async Task<ListingSearchPage> InBoxPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        var (items, matches) = await CountedPageAsync(query, plan, ct);
        // A page past the last match has no row to carry the count.
        var total = items.Count > 0 ? Math.Min(matches, MaxTotal) : query.PageNumber == 1 ? 0 : await CountAsync(plan, ct);
        return new ListingSearchPage(items, query.PageNumber, query.Size, total);
    }

    /// <summary>
    /// Nearest first without a radius: the page within 1 km, 3 km, 9 km, 27 km, whichever first holds a full page. Every
    /// match outside a circle is farther than every match inside it (the box holds the circle, and the circle is checked
    /// exactly), so a full page of a circle is the full query's page, ties at its last distance included. Null when
    /// none does (few matches near the point): the full query answers.
    /// </summary>
    private async Task<IReadOnlyList<ListingSearchHit>?> NearestInRingsAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        if (!UsesGeoIndex || query.RadiusKm is not null)
        {
            return null;
        }

        for (var km = FirstRingKm; km <= MaxRingKm; km *= RingGrowth)
        {
            var ring = query with { RadiusKm = km };
            var sql = new SearchSql(db.Database.IsNpgsql());
            var candidates = Candidates(ring, plan.Groups, sql, UsesGeoIndex);
            if (!candidates.InBox)
            {
                return null;
            }

            var (items, _) = await CountedPageAsync(ring, plan with { Sql = sql, Candidates = candidates }, ct);
            if (items.Count == query.Size)
            {
                return items;
            }
        }

        return null;
    }

    private async Task<(List<ListingSearchHit> Items, long Matches)> CountedPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        var rows = await db.QueryAsync(
            $"SELECT s.*, COUNT(*) OVER () AS matches FROM ({plan.Candidates.Select(HitColumns + $", {plan.Sql.Score(plan.Groups, Tiers)} AS score")}) s " +
            $"ORDER BY {OrderBy(query)} LIMIT @limit OFFSET @offset",
            r => (Hit: Read(r), Matches: r.GetInt64(14)), ct,
            [.. plan.Sql.Parameters, ("limit", query.Size), ("offset", (query.PageNumber - 1) * query.Size)]);
        return (rows.Select(r => r.Hit).ToList(), rows.Count > 0 ? rows[0].Matches : 0);
    }
}
