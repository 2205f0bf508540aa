using Circula.Data;
using Circula.Marketplace.Search.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Marketplace.Search;

/// <summary>What the marketplace module calls to carry the listing search: its services, its entity model and its endpoints.</summary>
public static class SearchRegistration
{
    public static readonly IEntityModel Model = new SearchModel();

    /// <summary>The search has no settings of its own, so it takes no configuration.</summary>
    public static IServiceCollection AddListingSearch(this IServiceCollection services)
    {
        services.AddScoped<ListingSearchIndex>();
        services.AddScoped<ListingSearch>();
        services.AddScoped<SynonymGroups>();
        return services;
    }

    public static IEndpointRouteBuilder MapListingSearch(this IEndpointRouteBuilder app)
    {
        ListingSearchEndpoints.Map(app);
        SynonymAdmin.Map(app);
        return app;
    }
}
