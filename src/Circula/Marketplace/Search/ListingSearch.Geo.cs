using Circula.Data;
using Microsoft.EntityFrameworkCore;

namespace Circula.Marketplace.Search;

/// <summary>
/// The geographic searches: a radius reads the documents of the circle's box from the geo index (ix_marketplace_search_geo:
/// one range of longitudes per latitude row of the box); nearest first reads growing circles around the point until one
/// holds the page.
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
    /// A circle. Words in an order other than distance are paged as without a circle: a walk (its filters hold the
    /// circle), or every match scored with the capped count in the same pass. Otherwise the capped count reads the
    /// circle's keys (from the geo index alone without words), and the page is read from the smallest circle that holds
    /// it (nearest first) or in the keys' order.
    /// </summary>
    private async Task<ListingSearchPage> InBoxPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        if (plan.Groups.Count > 0 && query.SortOrDefault != "distance")
        {
            return await WordsPageAsync(query, plan, ct);
        }

        var total = await CountAsync(plan, ct);
        IReadOnlyList<ListingSearchHit> items = total <= (query.PageNumber - 1) * query.Size
            ? []
            : (query.SortOrDefault == "distance" ? await NearestInRingsAsync(query, plan, ct) : null)
            ?? (await PageAsync(query, plan, plan.Candidates, OrderBy(query), counts: false, ct)).Items;
        return new ListingSearchPage(items, query.PageNumber, query.Size, total);
    }

    /// <summary>The page and the capped count of its candidates from one query.</summary>
    private async Task<ListingSearchPage> CountedPageAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        var (items, matches) = await PageAsync(query, plan, plan.Candidates, OrderBy(query), counts: true, ct);
        // A page past the last match has no row to carry the count.
        var total = items.Count > 0 ? Math.Min(matches, MaxTotal) : query.PageNumber == 1 ? 0 : await CountAsync(plan, ct);
        return new ListingSearchPage(items, query.PageNumber, query.Size, total);
    }

    /// <summary>
    /// Nearest first: the page within 1 km, 3 km, 9 km, 27 km (each smaller than the radius), whichever first holds a full page. Every
    /// match outside a circle is farther than every match inside it (the box holds the circle, and the circle is checked
    /// exactly), so a full page of a circle is the full query's page, ties at its last distance included. Null when
    /// none does (few matches near the point): the full query answers.
    /// </summary>
    private async Task<IReadOnlyList<ListingSearchHit>?> NearestInRingsAsync(ListingSearchQuery query, SearchPlan plan, CancellationToken ct)
    {
        if (!UsesGeoIndex)
        {
            return null;
        }

        for (var km = FirstRingKm; km <= MaxRingKm && !(km >= query.RadiusKm); km *= RingGrowth)
        {
            var ring = query with { RadiusKm = km };
            var sql = new SearchSql(db.Database.IsNpgsql());
            var candidates = Candidates(ring, plan.Groups, sql, UsesGeoIndex);
            if (!candidates.InBox)
            {
                return null;
            }

            var (items, _) = await PageAsync(ring, plan with { Sql = sql, Candidates = candidates }, candidates, OrderBy(ring), counts: false, ct);
            if (items.Count == query.Size)
            {
                return items;
            }
        }

        return null;
    }
}
