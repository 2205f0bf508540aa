using System.Net.Http.Json;
using System.Net;
using Circula.Catalog.Contracts;
using Circula.Catalog.Endpoints;
using Circula.Catalog;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Identity;
using Circula.Inventory.Contracts;
using Circula.Inventory.Endpoints;
using Circula.Inventory;
using Circula.Tests.Infrastructure;
using static Circula.Tests.Catalog.CatalogTestApi;
using static Circula.Tests.Inventory.InventoryTestApi;

namespace Circula.Tests.Inventory;

public abstract class InventoryAdminTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Operators_adjust_stock_with_reasons_and_see_the_ledger()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(10);
        var adminId = (await (await admin.GetAsync("/api/v1/me")).ReadAs<MeResponse>()).Id;
        var @operator = await server.CreateUserAsync(Roles.Operator);

        var up = await (await @operator.Client.AdjustAsync(sku, 5, "到货 5 件")).ReadAs<InventoryView>();
        Assert.Equal((15, 0, 15), (up.OnHand, up.Reserved, up.Available));
        var down = await (await @operator.Client.AdjustAsync(sku, -3, "  盘点: 外壳破损  ")).ReadAs<InventoryView>();
        Assert.Equal((12, 0, 12), (down.OnHand, down.Reserved, down.Available));

        var view = await (await @operator.Client.GetAsync($"{AdminInventory}/{sku}")).ReadAs<InventoryView>();
        Assert.Equal((12, InventoryItem.DefaultLowStockThreshold), (view.OnHand, view.LowStockThreshold));
        Assert.Equal(
            [(MovementKind.Adjust, -3, 12, "盘点: 外壳破损", (long?)@operator.Id), (MovementKind.Adjust, 5, 15, "到货 5 件", @operator.Id),
                (MovementKind.Initial, 10, 10, "new SKU", adminId)],
            view.Movements.Select(m => (m.Kind, m.QuantityDelta, m.OnHandAfter, m.Reason, m.ActorUserId)));

        var threshold = await (await @operator.Client.PutAsJsonAsync($"{AdminInventory}/{sku}/threshold", new { lowStockThreshold = 12 })).ReadAs<InventoryView>();
        Assert.Equal(12, threshold.LowStockThreshold);
        Assert.Empty(await server.LowStockEventsAsync(sku));
        await (await @operator.Client.AdjustAsync(sku, 1, "退货入库")).ShouldBe(HttpStatusCode.OK);
        await (await @operator.Client.AdjustAsync(sku, -1, "样品")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([new LowStock(SkuId.From(sku), 12, 12)], await server.LowStockEventsAsync(sku));
    }

    [Fact]
    public async Task Taking_more_than_is_available_is_refused_and_changes_nothing()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(10);
        await LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 4)], 1, CancellationToken.None));

        var problem = await (await admin.AdjustAsync(sku, -7, "报损")).ShouldBeProblem(HttpStatusCode.Conflict, StockErrorCodes.InsufficientStock);
        Assert.Contains("6", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await admin.AdjustAsync(sku, -6, "报损")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((4, 4, 0), (await server.LevelAsync(sku)).Figures());
        await (await admin.AdjustAsync(sku, AdjustStockRequest.MaxDelta, "大批到货")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(4, (await server.MovementsAsync(sku)).Count);
    }

    [Fact]
    public async Task Bad_input_unknown_skus_and_missing_permissions_are_refused()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(10);
        var adjust = $"{AdminInventory}/{sku}/adjust";

        await (await admin.AdjustAsync(sku, 0, "x")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.AdjustAsync(sku, AdjustStockRequest.MaxDelta + 1, "x")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.AdjustAsync(sku, 1, new string('r', 10_000))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.AdjustAsync(sku, 1, "   ")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var missing = await (await admin.PostRawJsonAsync(adjust, "{\"delta\":1}")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.True(missing.GetProperty("errors").TryGetProperty("reason", out _));
        await (await admin.PostRawJsonAsync(adjust, "{\"delta\":")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(adjust, "{\"delta\":\"5\",\"reason\":\"x\"}")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(adjust, "{\"delta\":1.5,\"reason\":\"x\"}")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PutAsJsonAsync($"{AdminInventory}/{sku}/threshold", new { lowStockThreshold = -1 }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal((10, 0, 10), (await server.LevelAsync(sku)).Figures());

        await (await admin.GetAsync($"{AdminInventory}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.AdjustAsync(987654321, 1, "x")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsJsonAsync($"{AdminInventory}/987654321/threshold", new { lowStockThreshold = 1 })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync($"{AdminInventory}/{sku}")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.AdjustAsync(sku, 1, "x")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.AdjustAsync(sku, 1, "x")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Single(await server.MovementsAsync(sku));
    }

    [Fact]
    public async Task Parallel_adjusts_never_take_more_than_is_there()
    {
        using var admin = await server.AdminClientAsync();
        var (_, sku) = await admin.CreateStockedSkuAsync(25);

        var takes = await InParallelAsync(40, _ => admin.AdjustAsync(sku, -1, "并发出库"));
        Assert.Equal(25, takes.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in takes.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, StockErrorCodes.InsufficientStock);
        }

        var adds = await InParallelAsync(20, _ => admin.AdjustAsync(sku, 2, "并发入库"));
        Assert.All(adds, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal((40, 0, 40), (await server.LevelAsync(sku)).Figures());
        var movements = await server.MovementsAsync(sku);
        Assert.Equal(46, movements.Count);
        Assert.Equal(40, movements.Sum(m => m.QuantityDelta));
        Assert.All(movements.Zip(movements.Skip(1)), pair => Assert.Equal(pair.First.OnHandAfter + pair.Second.QuantityDelta, pair.Second.OnHandAfter));
    }

    /// <summary>Stock changes reach Catalog through no transaction of its own: cached details are reread within a second.</summary>
    [Fact]
    public async Task Product_details_show_availability_and_change_their_etag_when_it_changes()
    {
        using var admin = await server.AdminClientAsync();
        var (product, sku) = await admin.CreateStockedSkuAsync(3);
        var url = $"/api/v1/products/{product.Id}";
        var first = await server.Client.GetAsync(url);
        Assert.Equal(3, (await first.ReadAs<ProductDetailsResponse>()).Skus.Single().Available);

        await (await admin.AdjustAsync(sku, -1, "样品")).ShouldBe(HttpStatusCode.OK);
        await LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 1)], 1, CancellationToken.None));

        HttpResponseMessage changed = null!;
        await server.EventuallyAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            changed = await server.Client.SendAsync(request);
            return changed.StatusCode != HttpStatusCode.NotModified;
        }, timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await changed.ReadAs<ProductDetailsResponse>()).Skus.Single().Available);
        Assert.NotEqual(first.Headers.ETag!.Tag, changed.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_sku_edit_cannot_set_on_hand_below_what_orders_reserved()
    {
        using var admin = await server.AdminClientAsync();
        var (product, sku) = await admin.CreateStockedSkuAsync(10);
        await LedgerScope.RunAsync(server, ledger => ledger.ReserveAsync([new StockLine(sku, 4)], 1, CancellationToken.None));
        var current = product.Skus.Single();
        var skuUrl = $"/api/v1/admin/products/{product.Id}/skus/{sku}";
        var edit = new SkuRequest(current.Code, null, 2990, 3);

        await (await admin.PutAsJsonAsync(skuUrl, edit)).ShouldBeProblem(HttpStatusCode.Conflict, StockErrorCodes.InsufficientStock);
        var unchanged = await (await admin.GetAsync(skuUrl)).ReadAs<SkuAdminResponse>();
        Assert.Equal((1990L, 10, 4, 6), (unchanged.PriceFen, unchanged.StockQuantity, unchanged.Reserved, unchanged.Available));
        await (await admin.DeleteAsync($"/api/v1/admin/products/{product.Id}")).ShouldBeProblem(HttpStatusCode.Conflict, "product_has_stock");

        var edited = await (await admin.PutAsJsonAsync(skuUrl, edit with { StockQuantity = 4 })).ReadAs<ProductAdminResponse>();
        Assert.Equal((2990L, 4, 4, 0), edited.Skus.Select(s => (s.PriceFen, s.StockQuantity, s.Reserved, s.Available)).Single());
        var movements = await server.MovementsAsync(sku);
        Assert.Equal((MovementKind.Adjust, -6, "catalog edit"), (movements[^1].Kind, movements[^1].QuantityDelta, movements[^1].Reason));
        await (await admin.PutAsJsonAsync(skuUrl, edit with { StockQuantity = 4 })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(movements.Count, (await server.MovementsAsync(sku)).Count);
    }
}

public sealed class InventoryAdminTestsOnSqlite(SqliteServer server) : InventoryAdminTests<SqliteServer>(server);

public sealed class InventoryAdminTestsOnPostgres(PostgresServer server) : InventoryAdminTests<PostgresServer>(server);
