using Circula.Identity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Catalog.Endpoints;

/// <summary>The catalog's route groups: public browsing, and the admin groups that need catalog.manage.</summary>
public static class CatalogEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        CategoryBrowse.Map(app.MapGroup("/api/v1/categories").WithTags("Catalog"));
        var products = app.MapGroup("/api/v1/products").WithTags("Catalog");
        ProductBrowse.Map(products);
        ProductDetails.Map(products);

        var adminCategories = AdminGroup(app, "/api/v1/admin/categories");
        CategoryAdmin.Map(adminCategories);
        CategoryMove.Map(adminCategories);
        var adminProducts = AdminGroup(app, "/api/v1/admin/products");
        ProductAdminList.Map(adminProducts);
        ProductAdmin.Map(adminProducts);
        SkuAdmin.Map(adminProducts);
    }

    private static RouteGroupBuilder AdminGroup(IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup(prefix).WithTags("Catalog admin").RequireAuthorization(Permissions.CatalogManage);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }
}
