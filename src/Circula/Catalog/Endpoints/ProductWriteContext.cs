using System.Security.Claims;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Circula.Catalog.Endpoints;

/// <summary>
/// What every operator write to an existing product is given besides its own route values and body: the If-Match it
/// is conditional on, who writes, the response that carries the new ETag, the editors and the request's cancellation.
/// </summary>
public readonly record struct ProductWriteContext(
    [FromHeader(Name = "If-Match")] string? IfMatch,
    ClaimsPrincipal User,
    HttpResponse Response,
    ProductEditor Products,
    SkuEditor Skus,
    CancellationToken Ct)
{
    /// <summary>The versions If-Match accepts, or null when the write is unconditional.</summary>
    public ExpectedVersion? Expected => VersionTags.Parse(IfMatch);

    public Results<Ok<ProductAdminResponse>, ProblemHttpResult> Answer(Result<StockedProduct> result) => ProductVersionTag.Answer(Response, result);
}

/// <summary>The admin entity tag of a product: its version, quoted, sent as ETag and back in If-Match.</summary>
public static class ProductVersionTag
{
    /// <summary>How the OpenAPI document describes the header.</summary>
    public const string Described = "The product's version, quoted; send it back in If-Match to make the next write conditional.";

    public static string Of(Product product) => VersionTags.Of(product.Version);

    public static void Set(HttpResponse response, Product product) => response.Headers.ETag = Of(product);

    /// <summary>200 with the product as operators see it and its ETag, or the refusal.</summary>
    public static Results<Ok<ProductAdminResponse>, ProblemHttpResult> Answer(HttpResponse response, Result<StockedProduct> result) =>
        result.ToOk(stocked =>
        {
            Set(response, stocked.Product);
            return ProductAdminResponse.From(stocked);
        });
}
