using System.ComponentModel;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace Circula.Catalog.Browse;

/// <summary>
/// An answer as sent: the JSON body and its strong entity tag (a hash of the body). Immutable, so HybridCache hands out
/// the same instance instead of copying it.
/// </summary>
[ImmutableObject(true)]
public sealed record CachedAnswer(ReadOnlyMemory<byte> Body, string ETag)
{
    public static CachedAnswer Of(byte[] body) => new(body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..32] + "\"");
}

/// <summary>
/// Public list pages and product details, cached per replica under the current <see cref="CatalogVersion"/>: an edit
/// bumps the version in its transaction, each replica reads it every <see cref="BrowseCacheOptions.VersionCheckInterval"/>,
/// and from then on it answers from new keys (old ones expire). HybridCache runs one load per key at a time.
/// </summary>
public sealed class BrowseCache(HybridCache cache, CatalogVersion version, IOptions<BrowseCacheOptions> options)
{
    public ValueTask<CachedAnswer?> ListAsync(string key, Func<CancellationToken, ValueTask<CachedAnswer?>> load, CancellationToken ct) =>
        GetAsync("list:" + key, options.Value.ListLifetime, load, ct);

    public ValueTask<CachedAnswer?> DetailAsync(long productId, Func<CancellationToken, ValueTask<CachedAnswer?>> load, CancellationToken ct) =>
        GetAsync("product:" + productId, options.Value.DetailLifetime, load, ct);

    private ValueTask<CachedAnswer?> GetAsync(string key, TimeSpan lifetime, Func<CancellationToken, ValueTask<CachedAnswer?>> load,
        CancellationToken ct)
    {
        if (!options.Value.Enabled || version.Current is not { } current)
        {
            return load(ct);
        }

        return cache.GetOrCreateAsync($"catalog:{current}:{key}", load, static (load, ct) => load(ct),
            new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime }, tags: null, ct);
    }
}
