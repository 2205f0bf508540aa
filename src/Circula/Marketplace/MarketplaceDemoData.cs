using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Listings;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace;

/// <summary>
/// A few hundred published listings (phones, books, furniture, appliances, clothing) from the demo sellers, spread over
/// Hangzhou's districts (GCJ-02), so the nearby and geo-fence queries have something to find on a fresh start. Each
/// moves through the transition table (submitted by its seller, approved by an operator) and keeps those history rows, but
/// raises no events: nothing downstream should react to demo data, and outbox ids need the worker-id lease, which a server
/// takes only once it listens. Deterministic: the same titles, prices and places on every database. Also sold listings over
/// the last 30 days (price suggestions) and the demo sellers' credit trails (every tier).
/// </summary>
public sealed partial class MarketplaceDemoData(CirculaDbContext db, IUserDirectory users, ListingSearchSync search, SellerCredits credits, TimeProvider clock)
    : IDemoDataSeeder
{
    public const int Count = 300;

    public int Order => 50;

    public async Task SeedAsync(CancellationToken ct)
    {
        var sellers = new List<long>();
        foreach (var name in DemoAccounts.Sellers)
        {
            sellers.Add((await users.FindByUsernameAsync(name, ct) ?? throw new InvalidOperationException($"The demo seller account {name} is missing.")).Value);
        }

        var random = new Random(2026);
        var now = clock.GetUtcNow().UtcDateTime;
        var listings = Enumerable.Range(0, Count).Select(i => Listing.Draft(sellers[i % sellers.Count], Item(i, random), [], now)).ToList();
        db.AddRange(listings);
        await db.SaveChangesAsync(ct);
        foreach (var listing in listings)
        {
            Move(listing, ListingTrigger.Submit, new Requester(Actor.Seller, listing.SellerId), now);
            Move(listing, ListingTrigger.Approve, new Requester(Actor.Operator, null), now);
        }

        // The initializer seeds in one transaction, so the listings, their search documents and the credit land together;
        // the credit first, so the documents carry the sellers' scores.
        await db.SaveChangesAsync(ct);
        await SeedCreditAsync(sellers, ct);
        foreach (var listing in listings)
        {
            await search.SyncAsync(listing, ct);
        }

        await SeedSoldAsync(sellers, now, ct);
    }

    private void Move(Listing listing, ListingTrigger trigger, Requester by, DateTime at)
    {
        var moved = ListingStateMachine.Machine.Fire(listing, trigger, by, null, at);
        db.Add(ListingStateMachine.Machine.HistoryRow(listing, moved.IsSuccess ? moved.Value
            : throw new InvalidOperationException($"Demo listing {listing.Title}: {moved.Error.Detail}")));
    }

    /// <summary>The i-th demo listing: a goods template of its category, a seller's phrasing, a price near the template's, a spot in a district.</summary>
    private static ListingRequest Item(int i, Random random)
    {
        var (categoryId, goods) = Goods[i % Goods.Count];
        var (name, priceFen, detail) = goods[i / Goods.Count % goods.Length];
        var (district, latitude, longitude) = Districts[random.Next(Districts.Length)];
        var condition = Conditions[random.Next(Conditions.Length)];
        var opening = Openings[random.Next(Openings.Length)];
        var closing = Closings[random.Next(Closings.Length)];
        var price = Math.Max(100, priceFen * random.Next(70, 131) / 100 / 100 * 100);
        return new ListingRequest($"{opening.Title}{name}", $"{opening.Text}{detail}{closing}", categoryId, ListingRequest.Kebab(condition), price, [],
            new ListingLocation(Math.Round(latitude + (random.NextDouble() - 0.5) * 0.06, 6), Math.Round(longitude + (random.NextDouble() - 0.5) * 0.06, 6),
                district));
    }

    private static readonly ListingCondition[] Conditions =
        [ListingCondition.New, ListingCondition.LikeNew, ListingCondition.LikeNew, ListingCondition.Good, ListingCondition.Good, ListingCondition.Fair,
            ListingCondition.ForParts];
}
