using System.Globalization;
using System.Net;
using Circula.Catalog.Contracts;
using Circula.Inventory;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Ordering;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Circula.Tests.Inventory;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Ordering;

/// <summary>
/// The hot-SKU path: many buyers of one SKU placed together (<see cref="ShopOrderBatch"/>, combined on PostgreSQL by the
/// <see cref="PlacementCombiner"/>), each all or nothing, never more sold than there is.
/// </summary>
public abstract class HotSkuTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task A_buyer_refused_in_a_batch_is_refused_alone_and_the_others_are_placed()
    {
        var hot = await server.CreateSkuAsync(stock: 3);
        var other = await server.CreateSkuAsync(stock: 5);
        var buyers = await HotSku.BuyersAsync(server, 4);
        var greedy = HotSku.Placement(buyers[1], (other.Id, 1), (hot.Id, 5));
        var batch = new[]
        {
            HotSku.Placement(buyers[0], (hot.Id, 1)), greedy, HotSku.Placement(buyers[2], (hot.Id, 1)), HotSku.Placement(buyers[3], (hot.Id, 1), (other.Id, 2)),
        };

        var results = await HotSku.PlaceAsync(server, batch);

        Assert.Equal([true, false, true, true], results.Select(r => r.IsSuccess));
        Assert.Equal("insufficient_stock", results[1].Error!.Code);
        Assert.Equal(2, results[1].Error!.Extensions!["available"]);
        Assert.Equal((3, 3, 0), await server.StockAsync(hot));
        Assert.Equal((5, 2, 3), await server.StockAsync(other));
        Assert.Equal(3, await HotSku.OrdersOfAsync(server, hot));
        // The refused buyer's key was given up with their placement: the same request is refused again, not "in progress".
        Assert.Equal("insufficient_stock", (await HotSku.PlaceAsync(server, [greedy]))[0].Error!.Code);

        var again = (await HotSku.PlaceAsync(server, [batch[0], batch[2] with { Key = batch[2].Key with { RequestHash = "another body" } }]));
        Assert.Equal((true, results[0].Value!.Answer), (again[0].Value!.Replayed, again[0].Value!.Answer));
        Assert.Equal("idempotency_key_reused", again[1].Error!.Code);
        Assert.Equal(3, await HotSku.OrdersOfAsync(server, hot));
    }

    [Fact]
    public async Task Three_hundred_buyers_racing_for_sixty_units_get_exactly_sixty_orders()
    {
        var sku = await server.CreateSkuAsync(stock: 60);
        var buyers = await HotSku.BuyersAsync(server, 300);

        var responses = await CatalogTestApi.InParallelAsync(buyers.Count, i => buyers[i].Client.PlaceRetryingAsync(Guid.NewGuid().ToString(), sku));

        await HotSku.AssertSoldExactlyAsync(server, sku, 60, responses);
    }
}

public sealed class HotSkuTestsOnSqlite(SqliteServer server) : HotSkuTests<SqliteServer>(server);

public sealed class HotSkuTestsOnPostgres(PostgresServer server) : HotSkuTests<PostgresServer>(server);

/// <summary>Two server processes on one PostgreSQL database, each combining its own buyers of the hot SKU.</summary>
public sealed class TwoProcessHotSkuTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Five_hundred_buyers_across_two_processes_get_exactly_the_hundred_units()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var buyers = await HotSku.BuyersAsync(server, 500);
        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var clients = buyers.Select((b, i) => (i % 2 == 0 ? first : second).CreateClient(b.Tokens.AccessToken)).ToList();

        var responses = await CatalogTestApi.InParallelAsync(clients.Count, i => clients[i].PlaceRetryingAsync(Guid.NewGuid().ToString(), sku));

        await HotSku.AssertSoldExactlyAsync(server, sku, 100, responses);
    }
}

internal static class HotSku
{
    private static readonly DeliveryAddress Address = new("李四", "13912345678", "浙江省", "杭州市", "西湖区", "文三路 1 号");

    /// <summary>Distinct customers, signed in a few at a time.</summary>
    public static async Task<List<SignedInUser>> BuyersAsync(CirculaServer server, int count)
    {
        var buyers = new SignedInUser[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => buyers[i] = await server.CreateUserAsync(Roles.Customer));
        return [.. buyers];
    }

    /// <summary>A placement of <paramref name="lines"/> by <paramref name="buyer"/> under a new key; its answer body is the order id.</summary>
    public static ShopPlacement Placement(SignedInUser buyer, params (long SkuId, int Quantity)[] lines) =>
        new(new IdempotencyKey(buyer.Id, Guid.NewGuid().ToString(), "body"), new PlaceOrderRequest([.. lines.Select(l => new OrderLineRequest(l.SkuId, l.Quantity))], Address, null),
            new Dictionary<long, SkuForSale>(), order => new IdempotentAnswer(201, null, order.Id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Places the placements as one batch, with the SKUs as the catalog sells them now.</summary>
    public static Task<IReadOnlyList<Circula.Shared.Results.Result<Placement>>> PlaceAsync(CirculaServer server, IReadOnlyList<ShopPlacement> batch) =>
        server.WithScopeAsync(async sp =>
        {
            var skus = await sp.GetRequiredService<ISkuCatalog>().GetAsync([.. batch.SelectMany(p => p.Request.Lines).Select(l => l.SkuId).Distinct()], CancellationToken.None);
            return await sp.GetRequiredService<ShopOrderBatch>().PlaceAsync([.. batch.Select(p => p with { Skus = skus })], CancellationToken.None);
        });

    public static async Task<long> OrdersOfAsync(CirculaServer server, TestSku sku) =>
        Convert.ToInt64(await server.Database.ScalarAsync($"SELECT count(*) FROM order_lines WHERE sku_id = {sku.Id}"), CultureInfo.InvariantCulture);

    /// <summary>Exactly <paramref name="stock"/> buyers got 201, every other one 409 insufficient_stock; stock and movements agree to the unit.</summary>
    public static async Task AssertSoldExactlyAsync(CirculaServer server, TestSku sku, int stock, IReadOnlyList<HttpResponseMessage> responses)
    {
        Assert.Equal(stock, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "insufficient_stock");
        }

        Assert.Equal((stock, stock, 0), await server.StockAsync(sku));
        Assert.Equal(stock, await OrdersOfAsync(server, sku));
        var movements = await server.MovementsAsync(sku.Id);
        Assert.Equal((MovementKind.Initial, stock), (movements[0].Kind, movements[0].QuantityDelta));
        var reserves = movements.Where(m => m.Kind == MovementKind.Reserve).ToList();
        Assert.Equal((stock, -stock, stock), (reserves.Count, reserves.Sum(m => m.QuantityDelta), reserves.Select(m => m.OrderId).Distinct().Count()));
        Assert.Equal(movements.Count, reserves.Count + 1);
        // Each movement leaves the figures the previous one left, less its own unit.
        Assert.Equal(Enumerable.Range(1, stock).Select(n => (n, stock - n)), reserves.Select(m => (m.ReservedAfter, m.AvailableAfter)));
    }
}
