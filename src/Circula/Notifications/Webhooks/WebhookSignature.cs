using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Circula.Notifications.Webhooks;

/// <summary>
/// How a webhook delivery is signed: <c>Circula-Signature: v1=</c> lower-case hex of HMAC-SHA256 with the webhook's secret
/// (its UTF-8 bytes) over <c>{Circula-Timestamp}.{body}</c>, the timestamp being Unix seconds. Receivers recompute it over
/// the raw body, compare in constant time, and refuse timestamps more than five minutes away (replays).
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Circula-Event-Id";
    public const string TypeHeader = "Circula-Event-Type";
    public const string DeliveryHeader = "Circula-Delivery-Id";
    public const string TimestampHeader = "Circula-Timestamp";
    public const string SignatureHeader = "Circula-Signature";

    public static string Sign(string secret, long timestamp, string body) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
}
