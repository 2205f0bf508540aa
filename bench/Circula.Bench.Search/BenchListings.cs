using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Search;
using Circula.Shared.StateMachines;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Bench.Search;

/// <summary>
/// Writes listings in batches, one transaction each, the way the product writes one: Listing.Draft, Submit by the
/// seller, Approve by an operator (history rows included), then ListingSearchSync in the same transaction. Also
/// adds the synonym group the benchmark's synonym query uses, through the operators' service.
/// </summary>
internal static class BenchListings
{
    private const int BatchSize = 500;

    public static async Task WriteAsync(IServiceProvider services, int count, CancellationToken ct)
    {
        List<long> sellers;
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<IUserDirectory>();
            sellers = [];
            foreach (var name in DemoAccounts.Sellers)
            {
                sellers.Add((await users.FindByUsernameAsync(name, ct) ?? throw new InvalidOperationException($"The demo seller {name} is missing: start the server once with demo data.")).Value);
            }

            var synonyms = await scope.ServiceProvider.GetRequiredService<SynonymGroups>().CreateAsync(new SynonymGroupRequest(["手机", "智能机", "移动电话"]), ct);
            if (!synonyms.IsSuccess && synonyms.Error.Code != SynonymGroups.TermTaken)
            {
                throw new InvalidOperationException(synonyms.Error.Detail);
            }
        }

        var maker = new BenchListingMaker(new Random(12));
        // The product's clock, as the server that later serves these listings reads it.
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        for (var written = 0; written < count; written += BatchSize)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CirculaDbContext>();
            var search = scope.ServiceProvider.GetRequiredService<ListingSearchSync>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = Enumerable.Range(written, Math.Min(BatchSize, count - written)).Select(i => maker.Next(sellers[i % sellers.Count], now)).ToList();
            db.AddRange(batch.Select(b => b.Listing));
            await db.SaveChangesAsync(ct);
            foreach (var (listing, at) in batch)
            {
                Move(db, listing, ListingTrigger.Submit, new Requester(Actor.Seller, listing.SellerId), at);
                Move(db, listing, ListingTrigger.Approve, new Requester(Actor.Operator, null), at);
            }

            await db.SaveChangesAsync(ct);
            foreach (var (listing, _) in batch)
            {
                await search.SyncAsync(listing, ct);
            }

            await transaction.CommitAsync(ct);
            if ((written / BatchSize) % 20 == 19)
            {
                Console.WriteLine($"{written + batch.Count} listings");
            }
        }
    }

    private static void Move(CirculaDbContext db, Listing listing, ListingTrigger trigger, Requester by, DateTime at)
    {
        var moved = ListingStateMachine.Machine.Fire(listing, trigger, by, null, at);
        db.Add(ListingStateMachine.Machine.HistoryRow(listing, moved.IsSuccess ? moved.Value : throw new InvalidOperationException(moved.Error.Detail)));
    }
}
