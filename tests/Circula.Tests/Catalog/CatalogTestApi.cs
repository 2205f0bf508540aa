using System.Net;
using System.Net.Http.Json;
using Circula.Catalog.Endpoints;
using Circula.Catalog;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Catalog;

/// <summary>Categories as the API writes them (kind as text); products use the server's own response records.</summary>
public sealed record CategoryDto(long Id, long? ParentId, string Name, string Kind, int SortOrder, bool IsEnabled, int Version);

public sealed record CategoryNodeDto(long Id, string Name, string Kind, int SortOrder, List<CategoryNodeDto> Children);

/// <summary>Short calls for arranging catalog tests; each returns what the server answered after asserting success.</summary>
internal static class CatalogTestApi
{
    /// <summary>A suffix that keeps names unique across tests sharing one server.</summary>
    public static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    public static Task<HttpResponseMessage> PostCategoryAsync(this HttpClient admin, string name, long? parentId = null, string? kind = "shop", int sortOrder = 0) =>
        admin.PostAsJsonAsync("/api/v1/admin/categories", new { parentId, name, kind = parentId is null ? kind : null, sortOrder });

    public static async Task<CategoryDto> CreateCategoryAsync(this HttpClient admin, string name, long? parentId = null, string kind = "shop", int sortOrder = 0) =>
        await (await admin.PostCategoryAsync(name, parentId, kind, sortOrder)).ReadAs<CategoryDto>(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> MoveCategoryAsync(this HttpClient admin, long id, long? parentId) =>
        admin.PostAsJsonAsync($"/api/v1/admin/categories/{id}/move", new { parentId });

    public static async Task<List<CategoryNodeDto>> GetTreeAsync(this HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/v1/categories" + query)).ReadAs<List<CategoryNodeDto>>();

    public static IEnumerable<CategoryNodeDto> Flatten(this IEnumerable<CategoryNodeDto> nodes) =>
        nodes.SelectMany(n => n.Children.Flatten().Prepend(n));

    public static SkuRequest Sku(long priceFen, Dictionary<string, string>? specs = null, int stock = 10) =>
        new(Unique("SKU"), specs, priceFen, stock);

    public static CreateProductRequest NewProduct(long categoryId, string name, long priceFen, string? subtitle = null) =>
        new(categoryId, name, subtitle, "说明", new Dictionary<string, string> { ["成色"] = "95新" }, null, [Sku(priceFen)]);

    /// <summary>Creates the product and, unless told otherwise, puts it on the shelf.</summary>
    public static async Task<ProductAdminResponse> CreateProductAsync(this HttpClient admin, CreateProductRequest request, bool onShelf = true)
    {
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/products", request)).ReadAs<ProductAdminResponse>(HttpStatusCode.Created);
        return onShelf
            ? await (await admin.PostAsync($"/api/v1/admin/products/{created.Id}/on-shelf", null)).ReadAs<ProductAdminResponse>()
            : created;
    }

    public static Task<ProductAdminResponse> CreateProductAsync(this HttpClient admin, long categoryId, string name, long priceFen, string? subtitle = null) =>
        admin.CreateProductAsync(NewProduct(categoryId, name, priceFen, subtitle));

    public static Dictionary<string, string> Specs(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="send"/> at once and returns the status codes.</summary>
    public static async Task<List<HttpResponseMessage>> InParallelAsync(int count, Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            return await send(i);
        }).ToList();
        start.Release(count);
        return [.. await Task.WhenAll(tasks)];
    }
}
