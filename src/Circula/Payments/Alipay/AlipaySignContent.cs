using System.Text;

namespace Circula.Payments.Alipay;

/// <summary>
/// The string Alipay signs (its SDKs' <c>GetSignContent</c>): keys in ordinal (ASCII) order, null and empty values and
/// the excluded keys left out, joined as <c>k=v&amp;k=v</c> with raw values. URL-encoding belongs to transport only.
/// </summary>
public static class AlipaySignContent
{
    /// <summary>Requests are signed over everything but <c>sign</c>; <c>sign_type</c> stays in.</summary>
    public static readonly IReadOnlyList<string> RequestExclusions = ["sign"];

    /// <summary>Asynchronous notifications are verified without <c>sign</c> and <c>sign_type</c> (RSACheckV1).</summary>
    public static readonly IReadOnlyList<string> NotificationExclusions = ["sign", "sign_type"];

    public static string Build(IEnumerable<KeyValuePair<string, string?>> parameters, IReadOnlyList<string> excluded)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters
                     .Where(p => !string.IsNullOrEmpty(p.Value) && !excluded.Contains(p.Key, StringComparer.Ordinal))
                     .OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(key).Append('=').Append(value);
        }

        return builder.ToString();
    }
}
