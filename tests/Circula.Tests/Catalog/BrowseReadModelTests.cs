using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Circula.Catalog;
using Circula.Catalog.Browse;
using Circula.Catalog.Endpoints;
using Circula.Data;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Circula.Tests.Catalog.CatalogTestApi;

namespace Circula.Tests.Catalog;

/// <summary>The browse read model kept in the writes' transactions, and the cached list's ETags.</summary>
public abstract class BrowseReadModelTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static readonly string[] Sizes = ["S", "M", "L", "XL"];

    [Fact]
    public async Task Parallel_price_changes_leave_the_lowest_and_highest_price_as_the_skus_say()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("并发改价"));
        var product = await admin.CreateProductAsync(new CreateProductRequest(category.Id, "尺码齐全的外套", null, null, null,
            [new SpecDefinition("size", Sizes)], Sizes.Select((size, i) => Sku(10000 + i, Specs("size=" + size))).ToList()));

        var responses = await InParallelAsync(24, i =>
        {
            var sku = product.Skus[i % Sizes.Length];
            return admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/skus/{sku.Id}",
                new SkuRequest(sku.Code, new Dictionary<string, string>(sku.Specs), 500 + (i * 7919 % 90000), 10));
        });

        // Unconditional writes that lost the race on the product's version are 409; the others applied in turn.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        var (row, prices) = await server.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CirculaDbContext>();
            return (await db.Set<ProductListingRow>().SingleAsync(r => r.ProductId == product.Id),
                await db.Set<Sku>().Where(s => s.ProductId == product.Id).Select(s => s.PriceFen).ToListAsync());
        });
        Assert.Equal((prices.Min(), prices.Max()), (row.MinPriceFen, row.MaxPriceFen));
        var listed = (await BrowseAsync($"categoryId={category.Id}")).Items.Single();
        Assert.Equal((prices.Min(), prices.Max()), (listed.MinPriceFen, listed.MaxPriceFen));
        var details = await (await server.Client.GetAsync($"/api/v1/products/{product.Id}")).ReadAs<ProductDetailsResponse>();
        Assert.Equal(prices.Order(), details.Skus.Select(s => s.PriceFen).Order());
    }

    [Fact]
    public async Task A_list_page_answers_304_for_its_etag_until_an_edit_changes_it()
    {
        using var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(Unique("列表缓存"));
        var product = await admin.CreateProductAsync(category.Id, "旧自行车", 30000);
        var url = $"/api/v1/products?categoryId={category.Id}";

        var first = await server.Client.GetAsync(url);
        Assert.Equal(30000, (await first.ReadAs<PagedList<ProductSummary>>()).Items.Single().MinPriceFen);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache);
        var revalidated = await GetIfNoneMatchAsync(url, etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        var sku = product.Skus.Single();
        await (await admin.PutAsJsonAsync($"/api/v1/admin/products/{product.Id}/skus/{sku.Id}",
            new SkuRequest(sku.Code, null, 25000, 10))).ShouldBe(HttpStatusCode.OK);
        var changed = await GetIfNoneMatchAsync(url, etag);
        Assert.Equal(25000, (await changed.ReadAs<PagedList<ProductSummary>>()).Items.Single().MinPriceFen);
        Assert.NotEqual(etag.Tag, changed.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await GetIfNoneMatchAsync(url, changed.Headers.ETag!)).StatusCode);
    }

    [Fact]
    public async Task Moving_a_category_moves_its_products_to_the_new_subtree()
    {
        using var admin = await server.AdminClientAsync();
        var from = await admin.CreateCategoryAsync(Unique("搬出"));
        var to = await admin.CreateCategoryAsync(Unique("搬入"));
        var moved = await admin.CreateCategoryAsync("灯具", from.Id);
        var product = await admin.CreateProductAsync(moved.Id, "台灯", 3000);
        Assert.Equal([product.Id], (await BrowseAsync($"categoryId={from.Id}")).Items.Select(i => i.Id));

        await (await admin.MoveCategoryAsync(moved.Id, to.Id)).ShouldBe(HttpStatusCode.OK);

        Assert.Empty((await BrowseAsync($"categoryId={from.Id}")).Items);
        Assert.Equal([product.Id], (await BrowseAsync($"categoryId={to.Id}")).Items.Select(i => i.Id));
        var path = await server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<ProductListingRow>()
            .Where(r => r.ProductId == product.Id).Select(r => r.CategoryPath).SingleAsync());
        Assert.Equal($"/{to.Id}/{moved.Id}/", path);
    }

    private async Task<PagedList<ProductSummary>> BrowseAsync(string query) =>
        await (await server.Client.GetAsync("/api/v1/products?" + query)).ReadAs<PagedList<ProductSummary>>();

    private async Task<HttpResponseMessage> GetIfNoneMatchAsync(string url, EntityTagHeaderValue etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(etag);
        return await server.Client.SendAsync(request);
    }
}

public sealed class BrowseReadModelTestsOnSqlite(SqliteServer server) : BrowseReadModelTests<SqliteServer>(server);

public sealed class BrowseReadModelTestsOnPostgres(PostgresServer server) : BrowseReadModelTests<PostgresServer>(server);
