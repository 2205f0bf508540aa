using System.Net;
using System.Net.Http.Json;
using Circula.Catalog;
using Circula.Catalog.Contracts;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Catalog;

/// <summary>ISkuCatalog as Ordering will use it: what exists, its snapshot fields, and whether it may be sold now.</summary>
public abstract class SkuCatalogTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Products = "/api/v1/admin/products";

    [Fact]
    public async Task A_sku_is_sellable_only_while_it_its_product_and_its_whole_category_path_are()
    {
        using var admin = await server.AdminClientAsync();
        var parent = await admin.CreateCategoryAsync(Unique("可售"));
        var child = await admin.CreateCategoryAsync(Unique("子类"), parent.Id);
        var product = await admin.CreateProductAsync(NewProduct(child.Id, "旧电风扇", 5900));
        var sku = product.Skus.Single();

        var found = await GetAsync(sku.Id, 987654321);
        Assert.Equal([sku.Id], found.Keys);
        var forSale = found[sku.Id];
        Assert.Equal((product.Id, "旧电风扇", sku.Code, 5900L, true), (forSale.ProductId, forSale.ProductName, forSale.SkuCode, forSale.PriceFen, forSale.IsSellable));
        Assert.Empty(forSale.Specs);

        await (await admin.PostAsync($"/api/v1/admin/categories/{parent.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        Assert.False((await GetAsync(sku.Id))[sku.Id].IsSellable);
        await (await admin.PostAsync($"/api/v1/admin/categories/{parent.Id}/enable", null)).ShouldBe(HttpStatusCode.OK);
        Assert.True((await GetAsync(sku.Id))[sku.Id].IsSellable);

        await (await admin.PostAsync($"{Products}/{product.Id}/off-shelf", null)).ShouldBe(HttpStatusCode.OK);
        Assert.False((await GetAsync(sku.Id))[sku.Id].IsSellable);
        await (await admin.PostAsync($"{Products}/{product.Id}/on-shelf", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PutAsJsonAsync($"{Products}/{product.Id}/skus/{sku.Id}", new SkuRequest(sku.Code, null, 5900, 0, IsEnabled: false)))
            .ShouldBe(HttpStatusCode.OK);
        Assert.False((await GetAsync(sku.Id))[sku.Id].IsSellable);

        await (await admin.DeleteAsync($"{Products}/{product.Id}")).ShouldBe(HttpStatusCode.NoContent);
        Assert.False((await GetAsync(sku.Id))[sku.Id].IsSellable);
    }

    private Task<IReadOnlyDictionary<long, SkuForSale>> GetAsync(params long[] skuIds) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<ISkuCatalog>().GetAsync(skuIds, CancellationToken.None));
}

public sealed class SkuCatalogTestsOnSqlite(SqliteServer server) : SkuCatalogTests<SqliteServer>(server);

public sealed class SkuCatalogTestsOnPostgres(PostgresServer server) : SkuCatalogTests<PostgresServer>(server);
