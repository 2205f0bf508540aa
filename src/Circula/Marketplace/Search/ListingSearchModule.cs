using Circula.Shared.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Marketplace.Search;

/// <summary>
/// The listing search registered on its own until the marketplace module lands; that module's AddServices,
/// ConfigureModel and MapEndpoints then call <see cref="SearchRegistration"/> and this class goes.
/// </summary>
public sealed class ListingSearchModule : ICirculaModule
{
    public void ConfigureModel(ModelBuilder modelBuilder) => SearchRegistration.Model.ConfigureModel(modelBuilder);

    public void AddServices(IServiceCollection services) => services.AddListingSearch();

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapListingSearch();
}
