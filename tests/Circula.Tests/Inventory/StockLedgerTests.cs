using Circula.Catalog.Contracts;
using Circula.Inventory;
using Circula.Inventory.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Inventory;

/// <summary>The ledger against the real database of each provider, called the way Ordering will call it.</summary>
public abstract class StockLedgerTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const long OrderId = 7_410_736_210_219_008;

    [Fact]
    public async Task A_reservation_is_all_or_nothing_across_its_lines()
    {
        using var admin = await server.AdminClientAsync();
        var (_, first) = await admin.CreateStockedSkuAsync(5);
        var (_, second) = await admin.CreateStockedSkuAsync(2);

        await using (var scope = await LedgerScope.BeginAsync(server))
        {
            // Given out of order: the ledger takes the first SKU (lower id) before it finds the second short.
            var shortage = await scope.Ledger.ReserveAsync([new StockLine(second, 3), new StockLine(first, 2)], OrderId, CancellationToken.None);
            Assert.Equal(new StockShortage(second, 3, 2), shortage);
        }

        Assert.Equal(new StockLevel(first, 5, 0, 5, InventoryItem.DefaultLowStockThreshold), await server.LevelAsync(first));
        Assert.Equal(new StockLevel(second, 2, 0, 2, InventoryItem.DefaultLowStockThreshold), await server.LevelAsync(second));
        Assert.Equal([MovementKind.Initial], (await server.MovementsAsync(first)).Select(m => m.Kind));

        await LedgerScope.RunAsync(server, async ledger =>
            Assert.Null(await ledger.ReserveAsync([new StockLine(second, 2), new StockLine(first, 2)], OrderId, CancellationToken.None)));
        Assert.Equal((5, 2, 3), (await server.LevelAsync(first)).Figures());
        Assert.Equal((2, 2, 0), (await server.LevelAsync(second)).Figures());
    }

    [Fact]
    public async Task Orders_reserved_together_are_each_all_or_nothing_and_every_line_is_a_movement()
    {
        using var admin = await server.AdminClientAsync();
        var (_, hot) = await admin.CreateStockedSkuAsync(7);
        var (_, other) = await admin.CreateStockedSkuAsync(3);

        await using var scope = await LedgerScope.BeginAsync(server);
        var shortages = await scope.Ledger.ReserveEachAsync(
        [
            new StockReservation(OrderId, [new StockLine(hot, 3)]),
            new StockReservation(OrderId + 1, [new StockLine(other, 2), new StockLine(hot, 2)]),
            new StockReservation(OrderId + 2, [new StockLine(hot, 1), new StockLine(other, 2)]),
            new StockReservation(OrderId + 3, [new StockLine(hot, 3)]),
            new StockReservation(OrderId + 4, [new StockLine(hot, 2)]),
        ], CancellationToken.None);
        await scope.CommitAsync();

        Assert.Equal([null, null, new StockShortage(other, 2, 1), new StockShortage(hot, 3, 2), null], shortages);
        Assert.Equal((7, 7, 0), (await server.LevelAsync(hot)).Figures());
        Assert.Equal((3, 2, 1), (await server.LevelAsync(other)).Figures());
        Assert.Equal(
        [
            (-3, 3, 4, (long?)OrderId),
            (-2, 5, 2, OrderId + 1),
            (-2, 7, 0, OrderId + 4),
        ], (await server.MovementsAsync(hot)).Where(m => m.Kind == MovementKind.Reserve).Select(m => (m.QuantityDelta, m.ReservedAfter, m.AvailableAfter, m.OrderId)));
        Assert.Equal([new LowStock(SkuId.From(hot), 4, 5)], await server.LowStockEventsAsync(hot));
    }

    [Fact]
    public async Task Release_and_commit_move_the_figures_and_every_change_is_a_movement()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(10);

        await LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 4)], OrderId, CancellationToken.None));
        await LedgerScope.RunAsync(server, ledger => ledger.ReleaseAsync([new StockLine(sku, 1)], OrderId, "buyer removed one", CancellationToken.None));
        await LedgerScope.RunAsync(server, ledger => ledger.CommitAsync([new StockLine(sku, 3)], OrderId, CancellationToken.None));

        Assert.Equal((7, 0, 7), (await server.LevelAsync(sku)).Figures());
        var movements = await server.MovementsAsync(sku);
        Assert.Equal(
        [
            (MovementKind.Initial, 10, 10, 0, 10, (long?)null),
            (MovementKind.Reserve, -4, 10, 4, 6, OrderId),
            (MovementKind.Release, 1, 10, 3, 7, OrderId),
            (MovementKind.Commit, -3, 7, 0, 7, OrderId),
        ], movements.Select(m => (m.Kind, m.QuantityDelta, m.OnHandAfter, m.ReservedAfter, m.AvailableAfter, m.OrderId)));
        Assert.Equal("buyer removed one", movements[2].Reason);
        Assert.All(movements, m => Assert.Equal(server.Clock.GetUtcNow().UtcDateTime, m.CreatedAt, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Releasing_or_committing_more_than_is_reserved_is_a_bug_and_changes_nothing()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(10);
        await LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 2)], OrderId, CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LedgerScope.RunAsync(server, ledger => ledger.ReleaseAsync([new StockLine(sku, 3)], OrderId, "cancelled", CancellationToken.None)));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LedgerScope.RunAsync(server, ledger => ledger.CommitAsync([new StockLine(sku, 3)], OrderId, CancellationToken.None)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 0)], OrderId, CancellationToken.None)));

        Assert.Equal((10, 2, 8), (await server.LevelAsync(sku)).Figures());
        Assert.Equal(2, (await server.MovementsAsync(sku)).Count);
    }

    [Fact]
    public async Task Low_stock_is_raised_once_per_crossing_of_the_threshold()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(8);
        Task Reserve(int quantity) => LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, quantity)], OrderId, CancellationToken.None));

        await Reserve(2);
        Assert.Empty(await server.LowStockEventsAsync(sku));
        await Reserve(1);
        Assert.Equal([new LowStock(SkuId.From(sku), 5, 5)], await server.LowStockEventsAsync(sku));
        await Reserve(1);
        Assert.Single(await server.LowStockEventsAsync(sku));

        await LedgerScope.RunAsync(server, ledger => ledger.ReleaseAsync([new StockLine(sku, 3)], OrderId, "cancelled", CancellationToken.None));
        Assert.Single(await server.LowStockEventsAsync(sku));
        await Reserve(4);
        Assert.Equal([new LowStock(SkuId.From(sku), 5, 5), new LowStock(SkuId.From(sku), 3, 5)], await server.LowStockEventsAsync(sku));
    }

    [Fact]
    public async Task A_hundred_buyers_of_thirty_pieces_take_exactly_thirty()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(30);

        using var start = new SemaphoreSlim(0);
        var buyers = Enumerable.Range(0, 100).Select(async i =>
        {
            await start.WaitAsync();
            await using var scope = await LedgerScope.BeginAsync(server);
            if (await scope.Ledger.ReserveAsync([new StockLine(sku, 1)], OrderId + i, CancellationToken.None) is not null)
            {
                return false;
            }

            await scope.CommitAsync();
            return true;
        }).ToList();
        start.Release(100);
        var outcomes = await Task.WhenAll(buyers);

        Assert.Equal(30, outcomes.Count(won => won));
        Assert.Equal((30, 30, 0), (await server.LevelAsync(sku)).Figures());
        var reserves = (await server.MovementsAsync(sku)).Where(m => m.Kind == MovementKind.Reserve).ToList();
        Assert.Equal(30, reserves.Count);
        Assert.Equal(30, reserves.Select(m => m.OrderId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 30).Select(n => 29 - n), reserves.Select(m => m.AvailableAfter));
    }
}

public sealed class StockLedgerTestsOnSqlite(SqliteServer server) : StockLedgerTests<SqliteServer>(server);

public sealed class StockLedgerTestsOnPostgres(PostgresServer server) : StockLedgerTests<PostgresServer>(server);
