using System.Text;
using System.Web;
using Circula.Payments.Alipay;
using Microsoft.Extensions.Primitives;

namespace Circula.Payments.Endpoints;

/// <summary>
/// An Alipay notification's form body, decoded in the charset it names: Alipay sends the notification in the application's
/// charset (<c>utf-8</c>, or <c>gbk</c>/<c>gb2312</c> for older applications) and says which in its <c>charset</c> field, so
/// the field is read first (it is ASCII either way) and the body is then decoded with it. At most <see cref="MaxFields"/>
/// fields (a notification has about 30).
/// </summary>
public static class AlipayNotifyForm
{
    public const int MaxFields = 100;

    public const string TooManyFields = "too_many_fields";
    public const string UnsupportedCharset = "charset_unsupported";

    /// <summary>The fields as sent (a field sent twice keeps both values), or null with the reason it cannot be read.</summary>
    public static Dictionary<string, StringValues>? Read(byte[] body, out string? problem)
    {
        problem = null;
        // Latin-1 maps every byte to one character, so the percent-encoded ASCII of the charset field reads the same in any charset.
        if (Parse(body, Encoding.Latin1) is not { } raw)
        {
            problem = TooManyFields;
            return null;
        }

        if (EncodingOf(raw.GetValueOrDefault("charset").ToString()) is not { } encoding)
        {
            problem = UnsupportedCharset;
            return null;
        }

        return Parse(body, encoding);
    }

    /// <summary>The charset Alipay names (utf-8 when it names none), or null when it is one Alipay does not use.</summary>
    public static Encoding? EncodingOf(string? charset) => charset?.ToLowerInvariant() switch
    {
        null or "" or "utf-8" or "utf8" => Encoding.UTF8,
        "gbk" or "gb2312" => AlipayTradeBill.Gbk,
        _ => null,
    };

    /// <summary>
    /// <c>application/x-www-form-urlencoded</c> decoded in <paramref name="encoding"/> (percent-escapes are bytes of that
    /// charset, which the framework's form reader would take for UTF-8); null past <see cref="MaxFields"/>.
    /// </summary>
    private static Dictionary<string, StringValues>? Parse(byte[] body, Encoding encoding)
    {
        var fields = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var pairs = 0;
        foreach (var range in body.AsSpan().Split((byte)'&'))
        {
            var pair = body.AsSpan()[range];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (++pairs > MaxFields)
            {
                return null;
            }

            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals], encoding);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..], encoding);
            fields[name] = fields.TryGetValue(name, out var earlier) ? StringValues.Concat(earlier, value) : new StringValues(value);
        }

        return fields;
    }

    private static string Decode(ReadOnlySpan<byte> encoded, Encoding encoding) => HttpUtility.UrlDecode(encoded.ToArray(), encoding);
}
