using Circula.Data;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Credit.Endpoints;
using Circula.Marketplace.Endpoints;
using Circula.Marketplace.Favourites;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Moderation;
using Circula.Marketplace.Pricing;
using Circula.Marketplace.Pricing.Endpoints;
using Circula.Marketplace.Search;
using Circula.Marketplace.Search.Endpoints;
using Circula.Ordering.Contracts;
using Circula.Recycling.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace;

/// <summary>
/// Second-hand trading: listings written by verified users, moderated by operators with a keyword blocklist, published
/// listings found by Chinese full-text search (Search/), near a point or inside a polygon (GCJ-02), and favourites.
/// </summary>
public sealed class MarketplaceModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        MarketplaceModel.Configure(modelBuilder);
        SearchRegistration.Model.ConfigureModel(modelBuilder);
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<MarketplaceOptions>().BindConfiguration(MarketplaceOptions.Section)
            .Validate(o => o.ConfiguredWords.All(w => w.Length <= 32), "Circula:Marketplace:BlockedWords must be words of at most 32 characters.")
            .ValidateOnStart();
        services.AddOptions<CreditOptions>().BindConfiguration(CreditOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CreditOptions>, CreditOptionsValidation>());
        services.AddScoped<SellerCredits>();
        services.AddOutboxHandler<AppointmentStatusChanged, RecyclingNoShowCredit>();
        services.AddOutboxHandler<OrderStatusChanged, OrderCredit>();
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section)
            .Validate(o => o.MinimumSamples is >= 1 and <= 1000, "Circula:Marketplace:Pricing:MinimumSamples must be 1 to 1000.").ValidateOnStart();
        services.AddScoped<PriceSuggestions>();
        services.AddScoped<Blocklist>();
        services.AddScoped<ListingWrites>();
        services.AddScoped<ListingSearchSync>();
        services.AddScoped<IListingGoods, ListingGoods>();
        services.AddScoped<ListingQueries>();
        services.AddScoped<FavouriteList>();
        services.AddScoped<IDemoDataSeeder, MarketplaceDemoData>();
        services.AddListingSearch();
    }

    public void MapEndpoints(IEndpointRouteBuilder app)
    {
        ListingEndpoints.Map(app);
        FavouriteEndpoints.Map(app);
        MarketplaceAdmin.Map(app);
        ListingSearchEndpoints.Map(app);
        SynonymAdmin.Map(app);
        CreditEndpoints.Map(app);
        CreditAdmin.Map(app);
        PricingEndpoints.Map(app);
    }
}
