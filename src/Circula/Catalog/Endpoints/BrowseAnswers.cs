using System.Text.Json;
using Circula.Catalog.Browse;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Circula.Catalog.Endpoints;

/// <summary>
/// What the public browse endpoints share: the read model's queries, the cache, and answering with a cached body, its
/// strong ETag and Cache-Control: no-cache (If-None-Match → 304).
/// </summary>
public readonly record struct BrowseAnswers(
    HttpRequest Request,
    HttpResponse Response,
    ProductBrowseQuery Query,
    BrowseCache Cache,
    IOptions<JsonOptions> Json,
    CancellationToken Ct)
{
    /// <summary>How the OpenAPI document describes the ETag header.</summary>
    public const string ETagDescribed = "Changes whenever this answer would; send it in If-None-Match to revalidate.";

    public const string IfNoneMatchDescribed = "The ETag of the copy you have: 304 Not Modified without a body while it is current.";

    /// <summary>The body as the API writes JSON, with its ETag.</summary>
    public CachedAnswer Serialize<T>(T value) => CachedAnswer.Of(JsonSerializer.SerializeToUtf8Bytes(value, Json.Value.SerializerOptions));

    /// <summary>200 with the body, 304 when If-None-Match names it, 404 when there is none.</summary>
    public Results<FileContentHttpResult, StatusCodeHttpResult, ProblemHttpResult> Answer(CachedAnswer? answer, string notFound)
    {
        if (answer is null)
        {
            return ApiProblems.NotFound(notFound);
        }

        Response.Headers.ETag = answer.ETag;
        Response.Headers.CacheControl = "no-cache";
        if (Request.Headers.IfNoneMatch.Count > 0
            && Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Tag == answer.ETag || t.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(answer.Body, "application/json; charset=utf-8");
    }
}
