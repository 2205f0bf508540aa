using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Catalog.Endpoints;

/// <summary>The error answers that whole families of catalog endpoints share, documented once.</summary>
internal static class CatalogEndpointConventions
{
    /// <summary>A change to an existing category: unknown id 404, name clash or lost race 409.</summary>
    public static RouteHandlerBuilder ProducesCategoryChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>A change to an existing product or its SKUs: unknown id 404, conflicts 409, stale If-Match 412.</summary>
    public static RouteHandlerBuilder ProducesProductChangeProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
