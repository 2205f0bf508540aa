using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Circula.Payments.WeChatPay;

/// <summary>A key that verifies WeChat Pay's signatures, and when it stops doing so (a platform certificate's expiry).</summary>
public sealed record WeChatPayVerificationKey(RSA Key, DateTimeOffset? NotAfter = null);

/// <summary>
/// The keys that verify WeChat Pay's signatures, by <c>Wechatpay-Serial</c>: the configured public key and platform
/// certificates, plus the platform certificates downloaded from <c>/v3/certificates</c> while the server runs. Reads
/// never lock; a download swaps in a new map. An expired certificate verifies nothing.
/// </summary>
public sealed class WeChatPayVerificationKeys(IEnumerable<KeyValuePair<string, WeChatPayVerificationKey>> configured)
{
    private ImmutableDictionary<string, WeChatPayVerificationKey> _keys = configured.ToImmutableDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys that never expire, as tests and public-key mode have them.</summary>
    public static WeChatPayVerificationKeys Of(IReadOnlyDictionary<string, RSA> keys) =>
        new(keys.Select(k => KeyValuePair.Create(k.Key, new WeChatPayVerificationKey(k.Value))));

    /// <summary>When the last download of platform certificates succeeded; null before the first.</summary>
    public DateTimeOffset? DownloadedAt { get; private set; }

    public IReadOnlyCollection<string> Serials => _keys.Keys.ToList();

    public WeChatPayVerificationKey? Find(string serial) => _keys.GetValueOrDefault(serial);

    /// <summary>These keys and <paramref name="more"/>: what a certificate download's own answer is verified with.</summary>
    public WeChatPayVerificationKeys With(IEnumerable<KeyValuePair<string, WeChatPayVerificationKey>> more) => new(_keys.SetItems(more));

    public void AddDownloaded(IEnumerable<KeyValuePair<string, WeChatPayVerificationKey>> downloaded, DateTimeOffset now)
    {
        ImmutableInterlocked.Update(ref _keys, keys => keys.SetItems(downloaded));
        DownloadedAt = now;
    }

    public void DisposeKeys()
    {
        foreach (var key in _keys.Values)
        {
            key.Key.Dispose();
        }
    }
}
