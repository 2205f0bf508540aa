using Circula.Catalog;
using Circula.Data;
using Circula.Identity;
using Circula.Inventory;
using Circula.Marketplace;
using Circula.Notifications;
using Circula.Ordering;
using Circula.Payments;
using Circula.Recycling;
using Circula.Shared;
using Circula.Shared.Modules;
using Circula.Uploads;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula;

/// <summary>The one explicit list of modules, shared by the server and the CLI (no assembly scanning).</summary>
public static class CirculaModules
{
    public static readonly IReadOnlyList<ICirculaModule> All =
        [new PlatformModule(), new IdentityModule(), new CatalogModule(), new InventoryModule(), new OrderingModule(), new PaymentsModule(), new NotificationsModule(),
            new RecyclingModule(), new UploadsModule(), new MarketplaceModule()];

    /// <summary>
    /// The data infrastructure, then every module's services and entity model, and with <paramref name="endpoints"/> what
    /// their HTTP edges need (the CLI builds no web pipeline, so it leaves them out).
    /// </summary>
    public static IServiceCollection AddCirculaModules(this IServiceCollection services, bool endpoints = true)
    {
        services.AddCirculaData();
        foreach (var module in All)
        {
            services.AddSingleton<IEntityModel>(module);
            module.AddServices(services);
            if (endpoints)
            {
                module.AddEndpointServices(services);
            }
        }

        return services;
    }

    public static IEndpointRouteBuilder MapCirculaEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var module in All)
        {
            module.MapEndpoints(app);
        }

        return app;
    }
}
