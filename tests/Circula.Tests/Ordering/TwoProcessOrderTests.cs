using System.Net;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Ordering;

/// <summary>Two server processes on one PostgreSQL database, as replicas behind a load balancer.</summary>
public sealed class TwoProcessOrderTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Two_processes_never_oversell()
    {
        var sku = await server.CreateSkuAsync(stock: 50);
        var buyers = new List<SignedInUser>();
        for (var i = 0; i < 20; i++)
        {
            buyers.Add(await server.CreateUserAsync(Roles.Customer));
        }

        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var clients = buyers.SelectMany(b => new[] { first.CreateClient(b.Tokens.AccessToken), second.CreateClient(b.Tokens.AccessToken) }).ToList();

        var responses = await CatalogTestApi.InParallelAsync(200, i => clients[i % clients.Count].PlaceRetryingAsync(Guid.NewGuid().ToString(), sku));

        Assert.Equal(50, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal((50, 50, 0), await server.StockAsync(sku));
    }

    [Fact]
    public async Task Two_processes_scanning_for_timeouts_cancel_each_order_exactly_once()
    {
        var sku = await server.CreateSkuAsync(stock: 30);
        var customer = await server.CreateUserAsync(Roles.Customer);
        // One customer holds more unpaid orders here than the default limit allows.
        string[] settings = ["Ordering:PaymentTimeout=00:00:03", "Ordering:MaxUnpaidOrdersPerCustomer=30"];
        await using var first = await ServerProcess.StartAsync(server, settings);
        await using var second = await ServerProcess.StartAsync(server, settings);
        var clients = new[] { first.CreateClient(customer.Tokens.AccessToken), second.CreateClient(customer.Tokens.AccessToken) };

        var orders = new List<OrderDto>();
        for (var i = 0; i < 24; i++)
        {
            orders.Add(await (await clients[i % 2].PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1))).ReadAs<OrderDto>(HttpStatusCode.Created));
        }

        // Some orders may already have timed out while the others were placed; stock is conserved either way.
        var (onHand, reserved, available) = await server.StockAsync(sku);
        Assert.Equal((30, 30), (onHand, reserved + available));
        await server.EventuallyAsync(async () => (await server.StockAsync(sku)).Available == 30, timeout: TimeSpan.FromSeconds(60));

        foreach (var order in orders)
        {
            var view = await (await clients[0].GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
            Assert.Equal("cancelled", view.Status);
            Assert.Single(view.History, h => h.To == "cancelled");
        }

        Assert.Equal(24L, Convert.ToInt64(await server.Database.ScalarAsync(
            "SELECT count(*) FROM inventory_movements WHERE kind = 'release' AND order_id IS NOT NULL AND sku_id = " + sku.Id),
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Two_processes_hold_one_customer_to_the_hoarding_limits()
    {
        var sku = await server.CreateSkuAsync(stock: 100);
        var orderer = await server.CreateUserAsync(Roles.Customer);
        var hoarder = await server.CreateUserAsync(Roles.Customer);
        await using var first = await ServerProcess.StartAsync(server, HoardingLimits.ProcessSettings);
        await using var second = await ServerProcess.StartAsync(server, HoardingLimits.ProcessSettings);
        HttpClient[] Clients(SignedInUser user) => [first.CreateClient(user.Tokens.AccessToken), second.CreateClient(user.Tokens.AccessToken)];
        var orderers = Clients(orderer);
        var hoarders = Clients(hoarder);

        var orders = await CatalogTestApi.InParallelAsync(30, i => orderers[i % 2].PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 1)));
        var hoards = await CatalogTestApi.InParallelAsync(30, i => hoarders[i % 2].PlaceAsync(Guid.NewGuid().ToString(), (sku.Id, 4)));

        Assert.Equal(HoardingLimits.MaxUnpaidOrders, orders.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(2, hoards.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(orders.Concat(hoards).Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal((100, 11, 89), await server.StockAsync(sku));
    }
}
