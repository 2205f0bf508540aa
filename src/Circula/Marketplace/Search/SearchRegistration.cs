using Circula.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Marketplace.Search;

/// <summary>What the marketplace module calls to carry the listing search: its services and its entity model (its endpoints are in Search/Endpoints).</summary>
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
}
