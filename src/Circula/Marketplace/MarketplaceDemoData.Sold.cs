using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Listings;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace;

public sealed partial class MarketplaceDemoData
{
    /// <summary>Sold listings per (category, condition) pair below, one every other day of the last 30, so price suggestions answer on a fresh start.</summary>
    public const int SoldPerPair = 15;

    private static readonly (long CategoryId, ListingCondition Condition)[] SoldPairs = [(1, ListingCondition.LikeNew), (2, ListingCondition.Good)];

    /// <summary>
    /// Deals of the three first goods of each pair's category at 85% to 115% of their typical price, moved through the
    /// table to Sold at times of the last 30 days before the seeding clock (the history keeps when each sold).
    /// </summary>
    private async Task SeedSoldAsync(IReadOnlyList<long> sellers, DateTime now, CancellationToken ct)
    {
        var random = new Random(2027);
        var sold = new List<(Listing Listing, DateTime SoldAt)>();
        foreach (var (categoryId, condition) in SoldPairs)
        {
            var goods = Goods.Single(g => g.CategoryId == categoryId).Goods;
            for (var i = 0; i < SoldPerPair; i++)
            {
                var (name, priceFen, detail) = goods[i % 3];
                var (district, latitude, longitude) = Districts[i % Districts.Length];
                var soldAt = now.AddDays(-2 * i).AddHours(-random.Next(0, 12));
                var request = new ListingRequest(name, $"{detail}已售出。", categoryId, ListingRequest.Kebab(condition),
                    priceFen * random.Next(85, 116) / 100 / 100 * 100, [], new ListingLocation(latitude, longitude, district));
                sold.Add((Listing.Draft(sellers[i % sellers.Count], request, [], soldAt.AddDays(-3)), soldAt));
            }
        }

        db.AddRange(sold.Select(s => s.Listing));
        await db.SaveChangesAsync(ct);
        foreach (var (listing, soldAt) in sold)
        {
            Move(listing, ListingTrigger.Submit, new Requester(Actor.Seller, listing.SellerId), soldAt.AddDays(-3));
            Move(listing, ListingTrigger.Approve, new Requester(Actor.Operator, null), soldAt.AddDays(-2));
            Move(listing, ListingTrigger.Reserve, Requester.System, soldAt.AddDays(-1));
            Move(listing, ListingTrigger.Sell, Requester.System, soldAt);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The demo sellers' credit trails, one per tier and a negative score: seller1 gold (560), seller2 good (125), seller3 newcomer (51), seller4 newcomer (-10).</summary>
    private static readonly (int CompletedDeals, int ShippedOnTime, int CancelledAfterPayment, int RecyclingNoShows, int DisputesLost)[] CreditHistories =
        [(48, 40, 0, 0, 0), (12, 10, 1, 0, 0), (5, 3, 0, 1, 0), (2, 0, 0, 0, 1)];

    private async Task SeedCreditAsync(IReadOnlyList<long> sellers, CancellationToken ct)
    {
        for (var s = 0; s < sellers.Count; s++)
        {
            var history = CreditHistories[s % CreditHistories.Length];
            foreach (var (rule, times) in new[]
                     {
                         (CreditRule.CompletedDeal, history.CompletedDeals), (CreditRule.ShippedOnTime, history.ShippedOnTime),
                         (CreditRule.CancelledAfterPayment, history.CancelledAfterPayment), (CreditRule.RecyclingNoShow, history.RecyclingNoShows),
                         (CreditRule.DisputeLost, history.DisputesLost),
                     })
            {
                for (var n = 1; n <= times; n++)
                {
                    var key = $"demo:{ListingRequest.Kebab(rule)}:{n}";
                    await credits.RecordAsync(UserId.From(sellers[s]), rule, key, $"demo data: {ListingRequest.Kebab(rule)} #{n}", ct);
                }
            }
        }
    }
}
