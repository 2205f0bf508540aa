using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

/// <summary>Two server processes on one PostgreSQL database booking the same slot, as replicas behind a load balancer.</summary>
public sealed class TwoProcessBookingTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Two_processes_never_overbook_a_slot()
    {
        var area = await server.CreateAreaAsync(capacity: 10);
        var customers = await server.CustomersAsync(10);

        await using var first = await ServerProcess.StartAsync(server);
        await using var second = await ServerProcess.StartAsync(server);
        var clients = customers.SelectMany(c => new[] { first.CreateClient(c.Tokens.AccessToken), second.CreateClient(c.Tokens.AccessToken) }).ToList();
        var cardboard = await clients[0].CardboardAsync();

        var responses = await CatalogTestApi.InParallelAsync(50, i => clients[i % clients.Count].BookAsync(cardboard, area, server.NineAm(4)));

        await responses.ShouldHaveBookedExactly(10);
    }
}
