using Circula.Catalog;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Inventory;
using Circula.Ordering;
using Circula.Payments;
using Circula.Shared;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula;

/// <summary>The one explicit list of modules, shared by the server and the CLI (no assembly scanning).</summary>
public static class CirculaModules
{
    public static IServiceCollection AddCirculaModules(this IServiceCollection services) =>
        services
            .AddCirculaData()
            .AddCirculaPlatform()
            .AddIdentityModule()
            .AddCatalogModule()
            .AddInventoryModule()
            .AddOrderingModule()
            .AddPaymentsModule();

    public static IEndpointRouteBuilder MapCirculaEndpoints(this IEndpointRouteBuilder app) =>
        app
            .MapPlatformEndpoints()
            .MapIdentityEndpoints()
            .MapCatalogEndpoints()
            .MapInventoryEndpoints()
            .MapOrderingEndpoints()
            .MapPaymentsEndpoints();
}
