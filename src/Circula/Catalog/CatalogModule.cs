using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Catalog;

public sealed class CatalogModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => CatalogModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services) =>
        services
            .AddScoped<IDemoDataSeeder, CatalogDemoData>()
            .AddScoped<ISkuCatalog, SkuCatalog>();

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        CategoryBrowse.Map(app.MapGroup("/api/v1/categories").WithTags("Catalog"));
        var products = app.MapGroup("/api/v1/products").WithTags("Catalog");
        ProductBrowse.Map(products);
        ProductDetails.Map(products);

        var adminCategories = AdminGroup(app, "/api/v1/admin/categories");
        CategoryAdmin.Map(adminCategories);
        CategoryMove.Map(adminCategories);
        var adminProducts = AdminGroup(app, "/api/v1/admin/products");
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
