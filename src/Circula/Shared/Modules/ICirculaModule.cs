using Circula.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Shared.Modules;

/// <summary>
/// A module as the composition root sees it: its services, its entity model and its endpoints. The one list of modules
/// is <c>CirculaModules.All</c>; nothing is found by scanning.
/// </summary>
public interface ICirculaModule : IEntityModel
{
    void AddServices(IServiceCollection services);

    void MapEndpoints(IEndpointRouteBuilder app);
}
