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
    /// <summary>What the module's domain, data and workers need; the CLI has these and nothing more.</summary>
    void AddServices(IServiceCollection services);

    /// <summary>What only its HTTP edge needs (authentication, authorization policies); the server adds these, the CLI never.</summary>
    void AddEndpointServices(IServiceCollection services)
    {
    }

    void MapEndpoints(IEndpointRouteBuilder app);
}
