using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Circula.Recycling.Channels;

/// <summary>
/// The HMAC-SHA256 signature of both directions between us and a channel, over
/// <c>timestamp \n nonce \n METHOD \n path-and-query \n body</c> with the channel's secret, as lower-case hex; sent in
/// <see cref="SignatureHeader"/> with <see cref="TimestampHeader"/> (Unix seconds) and <see cref="NonceHeader"/>. A message
/// more than <see cref="MaxSkew"/> away from our clock is stale.
/// </summary>
public static class ChannelSignature
{
    public const string TimestampHeader = "X-Circula-Timestamp";
    public const string NonceHeader = "X-Circula-Nonce";
    public const string SignatureHeader = "X-Circula-Signature";
    public const string ChannelHeader = "X-Circula-Channel";

    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>The signature of a message, lower-case hex.</summary>
    public static string Sign(string secret, string timestamp, string nonce, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{method}\n{pathAndQuery}\n");
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>The headers of a new signed message at <paramref name="now"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers(string secret, DateTimeOffset now, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return
        [
            new(TimestampHeader, timestamp),
            new(NonceHeader, nonce),
            new(SignatureHeader, Sign(secret, timestamp, nonce, method, pathAndQuery, body)),
        ];
    }

    /// <summary>Why a received message is not trusted (a stable code), or null when its signature is good and fresh.</summary>
    public static string? Check(string secret, Func<string, string?> header, DateTimeOffset now, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        if (header(TimestampHeader) is not { } timestamp || header(NonceHeader) is not { Length: >= 16 and <= 64 } nonce ||
            header(SignatureHeader) is not { } signature)
        {
            return ChannelCallbacks.SignatureMissing;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 100_000_000_000 ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > MaxSkew)
        {
            return ChannelCallbacks.SignatureStale;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, nonce, method, pathAndQuery, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant()))
            ? null
            : ChannelCallbacks.SignatureInvalid;
    }
}
