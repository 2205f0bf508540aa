using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Circula.Shared.Http;

/// <summary>
/// Marks endpoints whose answers carry credentials (tokens, RFC 6749 §5.1) or personal data (phones, addresses, who
/// ordered what): no browser, proxy or CDN may keep a copy. <see cref="NoStore.UseNoStore"/> sets the headers.
/// </summary>
public sealed class NoStoreMetadata
{
    public static readonly NoStoreMetadata Instance = new();

    private NoStoreMetadata()
    {
    }
}

public static class NoStore
{
    /// <summary>Answers of these endpoints get <c>Cache-Control: no-store</c> (and <c>Pragma: no-cache</c> for HTTP/1.0 caches).</summary>
    public static TBuilder CarriesPrivateData<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NoStoreMetadata.Instance);

    /// <summary>Sets the headers for endpoints marked with <see cref="CarriesPrivateData{TBuilder}"/>; runs after routing.</summary>
    public static IApplicationBuilder UseNoStore(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<NoStoreMetadata>() is not null)
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Pragma = "no-cache";
        }

        return next(context);
    });
}
