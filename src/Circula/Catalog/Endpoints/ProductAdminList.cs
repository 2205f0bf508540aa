using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>The operators' product list (<see cref="ProductListing"/>): on and off the shelf, with SKU counts, price range and stock.</summary>
public static class ProductAdminList
{
    public static void Map(RouteGroupBuilder admin) =>
        admin.MapGet("/", List)
            .WithName("ListProductsForAdmin")
            .WithSummary("Every product that is not deleted, newest first: keyword (name or subtitle), categoryId (with descendants, disabled ones too), onShelf = true | false")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<ProductListItem>(
                [new ProductListItem(42, 7, "二手滚筒洗衣机 8公斤", "九成新, 免费上门安装", true, 2, 2, 89900, 92900, 25, 23, 3,
                    new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc))],
                1, 20, 1));

    public static async Task<Results<Ok<PagedList<ProductListItem>>, ProblemHttpResult>> List(
        string? keyword, long? categoryId, bool? onShelf, ProductListing listing, CancellationToken ct, int page = 1, int pageSize = 20) =>
        (await listing.ListAsync(new ProductListFilter(keyword, categoryId, onShelf, page, pageSize), ct)).ToOk(items => items);
}
