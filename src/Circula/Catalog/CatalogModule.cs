using Circula.Catalog.Browse;
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

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<BrowseCacheOptions>().BindConfiguration(BrowseCacheOptions.Section);
        services.AddHybridCache();
        services.AddSingleton<CatalogVersion>().AddSingleton<BrowseCache>().AddHostedService<CatalogVersionWatcher>();
        services
            .AddScoped<IDemoDataSeeder, CatalogDemoData>()
            .AddScoped<ISkuCatalog, SkuCatalog>()
            .AddScoped<IRecyclingCategories, RecyclingCategories>()
            .AddScoped<CategoryTreeEditor>()
            .AddScoped<ProductReadModel>()
            .AddScoped<ProductWrites>()
            .AddScoped<ProductEditor>()
            .AddScoped<ProductListing>()
            .AddScoped<ProductBrowseQuery>()
            .AddScoped<SkuEditor>();
    }

    public void MapEndpoints(IEndpointRouteBuilder app) => CatalogEndpoints.Map(app);
}
