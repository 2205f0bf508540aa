using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Catalog;

public static class CatalogModule
{
    public static IServiceCollection AddCatalogModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app) => app;
}
