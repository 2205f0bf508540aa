using Circula.Catalog.Contracts;
using Circula.Catalog.Endpoints;
using Circula.Data;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Catalog;

public sealed class CatalogModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => CatalogModel.Configure(modelBuilder);

    public void AddServices(IServiceCollection services) =>
        services
            .AddScoped<IDemoDataSeeder, CatalogDemoData>()
            .AddScoped<ISkuCatalog, SkuCatalog>()
            .AddScoped<IRecyclingCategories, RecyclingCategories>()
            .AddScoped<CategoryTreeEditor>()
            .AddScoped<ProductWrites>()
            .AddScoped<ProductEditor>()
            .AddScoped<ProductListing>()
            .AddScoped<SkuEditor>();

    public void MapEndpoints(IEndpointRouteBuilder app) => CatalogEndpoints.Map(app);
}
