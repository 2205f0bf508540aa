using System.Net.Http.Json;
using System.Text.Json;
using Circula.Catalog.Endpoints;
using Circula.Catalog;
using Circula.Data;
using Circula.Inventory;
using Circula.Inventory.Contracts;
using Circula.Shared.Outbox;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Inventory;

/// <summary>Short calls for arranging inventory tests: stocked SKUs through the catalog API, figures and ledger rows from the database.</summary>
internal static class InventoryTestApi
{
    public const string AdminInventory = "/api/v1/admin/inventory";

    /// <summary>An on-shelf product in a new category with one SKU of <paramref name="stock"/> on hand.</summary>
    public static async Task<(ProductAdminResponse Product, long SkuId)> CreateStockedSkuAsync(this HttpClient admin, int stock)
    {
        var category = await admin.CreateCategoryAsync(Unique("库存"));
        var product = await admin.CreateProductAsync(NewProduct(category.Id, Unique("环保袋"), 1990) with { Skus = [Sku(1990, stock: stock)] });
        return (product, product.Skus.Single().Id);
    }

    public static Task<HttpResponseMessage> AdjustAsync(this HttpClient client, long skuId, int delta, string reason) =>
        client.PostAsJsonAsync($"{AdminInventory}/{skuId}/adjust", new { delta, reason });

    public static Task<StockLevel> LevelAsync(this CirculaServer server, long skuId) =>
        server.WithScopeAsync(async sp => (await sp.GetRequiredService<IStockLevels>().GetAsync([skuId], CancellationToken.None))[skuId]);

    /// <summary>Reserves one order's lines: null, or its first shortage.</summary>
    public static async Task<StockShortage?> ReserveAsync(this IStockLedger ledger, IReadOnlyCollection<StockLine> lines, long orderId, CancellationToken ct) =>
        (await ledger.ReserveEachAsync([new StockReservation(orderId, lines)], ct))[0];

    public static (int OnHand, int Reserved, int Available) Figures(this StockLevel level) => (level.OnHand, level.Reserved, level.Available);

    /// <summary>Every movement of the SKU, oldest first.</summary>
    public static Task<List<InventoryMovement>> MovementsAsync(this CirculaServer server, long skuId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<InventoryMovement>().AsNoTracking()
            .Where(m => m.SkuId == skuId).OrderBy(m => m.Id).ToListAsync());

    /// <summary>The low-stock events written for the SKU, oldest first.</summary>
    public static async Task<List<LowStock>> LowStockEventsAsync(this CirculaServer server, long skuId)
    {
        var messages = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Type == LowStock.EventType).OrderBy(m => m.Id).ToListAsync());
        return messages.Select(m => JsonSerializer.Deserialize<LowStock>(m.Payload, Outbox.JsonOptions)!).Where(e => e.SkuId.Value == skuId).ToList();
    }
}

/// <summary>What an order-placing caller does: its own scope, one transaction, the ledger, then commit (or not).</summary>
internal sealed class LedgerScope : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;
    private readonly IDbContextTransaction _transaction;

    private LedgerScope(AsyncServiceScope scope, IDbContextTransaction transaction)
    {
        _scope = scope;
        _transaction = transaction;
    }

    public IStockLedger Ledger => _scope.ServiceProvider.GetRequiredService<IStockLedger>();

    public static async Task<LedgerScope> BeginAsync(CirculaServer server)
    {
        var scope = server.Services.CreateAsyncScope();
        var transaction = await scope.ServiceProvider.GetRequiredService<CirculaDbContext>().Database.BeginTransactionAsync();
        return new LedgerScope(scope, transaction);
    }

    /// <summary>Saves what the ledger staged (low-stock events) and commits.</summary>
    public async Task CommitAsync()
    {
        await _scope.ServiceProvider.GetRequiredService<CirculaDbContext>().SaveChangesAsync();
        await _transaction.CommitAsync();
    }

    /// <summary>Runs one ledger call in its own transaction and commits it.</summary>
    public static async Task RunAsync(CirculaServer server, Func<IStockLedger, Task> work)
    {
        await using var scope = await BeginAsync(server);
        await work(scope.Ledger);
        await scope.CommitAsync();
    }

    /// <summary>Disposing without <see cref="CommitAsync"/> rolls back, as a caller does after a shortage.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _scope.DisposeAsync();
    }
}
