using System.Globalization;
using System.Net;
using Circula.Identity.Contracts;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Ordering;

/// <summary>
/// One customer cannot hoard stock in unpaid orders: at most <c>MaxUnpaidOrdersPerCustomer</c> of them, and at most
/// <c>MaxUnitsHeldPerSku</c> units of one SKU across them, however many requests race.
/// </summary>
public abstract class HoardingLimitTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const int MaxUnpaidOrders = HoardingLimits.MaxUnpaidOrders;
    private const int MaxUnitsPerSku = HoardingLimits.MaxUnitsPerSku;

    [Fact]
    public async Task A_customer_holds_at_most_three_unpaid_orders_and_paying_or_cancelling_frees_a_place()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var orders = new List<OrderDto>();
        for (var i = 0; i < MaxUnpaidOrders; i++)
        {
            orders.Add(await customer.Client.PlaceOkAsync(sku));
        }

        var refused = await (await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1)))
            .ShouldBeProblem(HttpStatusCode.Conflict, "unpaid_order_limit_reached");
        Assert.Equal(MaxUnpaidOrders, refused.GetProperty("limit").GetInt32());
        await (await server.CreateUserAsync(Roles.Customer)).Client.PlaceOkAsync(sku);

        await (await customer.Client.PostAsync($"/api/v1/orders/{orders[0].Id}/cancel", null)).ShouldBe(HttpStatusCode.OK);
        await customer.Client.PlaceOkAsync(sku);
        await server.MarkPaidAsync(orders[1].Id);
        await customer.Client.PlaceOkAsync(sku);
        await (await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1)))
            .ShouldBeProblem(HttpStatusCode.Conflict, "unpaid_order_limit_reached");
        Assert.Equal((100, 5, 95), await server.StockAsync(sku));
    }

    [Fact]
    public async Task Units_of_one_sku_held_across_unpaid_orders_stop_at_the_limit()
    {
        var hot = await server.CreateSkuAsync(stock: 100);
        var other = await server.CreateSkuAsync(stock: 100);
        var customer = await server.CreateUserAsync(Roles.Customer);
        await customer.Client.PlaceOkAsync(hot, quantity: 6);

        var refused = await (await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (other.Id, 1), (hot.Id, 5)))
            .ShouldBeProblem(HttpStatusCode.Conflict, "sku_hold_limit_reached");
        Assert.Equal(hot.Id.ToString(CultureInfo.InvariantCulture), refused.GetProperty("skuId").GetString());
        Assert.Equal((6, MaxUnitsPerSku), (refused.GetProperty("held").GetInt32(), refused.GetProperty("limit").GetInt32()));
        Assert.True(refused.GetProperty("errors").TryGetProperty("lines[1].quantity", out _), refused.ToString());
        Assert.Equal((100, 6, 94), await server.StockAsync(hot));
        Assert.Equal((100, 0, 100), await server.StockAsync(other));

        await customer.Client.PlaceOkAsync(hot, quantity: 4);
        await (await customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (hot.Id, 1))).ShouldBeProblem(HttpStatusCode.Conflict, "sku_hold_limit_reached");
        await customer.Client.PlaceOkAsync(other, quantity: 10);
        await (await server.CreateUserAsync(Roles.Customer)).Client.PlaceOkAsync(hot, quantity: 10);
    }

    [Fact]
    public async Task Parallel_placements_by_one_customer_never_exceed_the_unpaid_order_limit()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var customer = await server.CreateUserAsync(Roles.Customer);

        var responses = await CatalogTestApi.InParallelAsync(20, _ => customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1)));

        Assert.Equal(MaxUnpaidOrders, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "unpaid_order_limit_reached");
        }

        Assert.Equal((100, MaxUnpaidOrders, 100 - MaxUnpaidOrders), await server.StockAsync(sku));
    }

    [Fact]
    public async Task Parallel_placements_by_one_customer_never_exceed_the_units_held_of_a_sku()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var customer = await server.CreateUserAsync(Roles.Customer);

        var responses = await CatalogTestApi.InParallelAsync(12, _ => customer.Client.PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 4)));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "sku_hold_limit_reached");
        }

        Assert.Equal((100, 8, 92), await server.StockAsync(sku));
    }
}

/// <summary>Limits small enough to reach in a test, as settings of the in-process servers and of server processes.</summary>
public static class HoardingLimits
{
    public const int MaxUnpaidOrders = 3;
    public const int MaxUnitsPerSku = 10;

    /// <summary>Relative to <c>Circula:</c>, as <see cref="ServerProcess.StartAsync"/> takes them.</summary>
    public static readonly string[] ProcessSettings =
        [$"Ordering:MaxUnpaidOrdersPerCustomer={MaxUnpaidOrders}", $"Ordering:MaxUnitsHeldPerSku={MaxUnitsPerSku}"];

    public static IEnumerable<string> ServerSettings => ProcessSettings.Select(s => "Circula:" + s);
}

public sealed class HoardingLimitSqliteServer : SqliteServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, .. HoardingLimits.ServerSettings];
}

public sealed class HoardingLimitPostgresServer : PostgresServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, .. HoardingLimits.ServerSettings];
}

public sealed class HoardingLimitTestsOnSqlite(HoardingLimitSqliteServer server) : HoardingLimitTests<HoardingLimitSqliteServer>(server);

public sealed class HoardingLimitTestsOnPostgres(HoardingLimitPostgresServer server) : HoardingLimitTests<HoardingLimitPostgresServer>(server);
