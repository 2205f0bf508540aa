using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Circula.Payments.Alipay;

/// <summary>The classic gateway's common parameters, signed: shared by the pay-URL builder and <see cref="AlipayClient"/>.</summary>
public static class AlipayGateway
{
    public const string Format = "JSON";
    public const string Charset = "utf-8";
    public const string Version = "1.0";
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Keeps Chinese subjects readable in biz_content; it is signed and sent as the very same string.</summary>
    private static readonly JsonSerializerOptions BizContentJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Alipay reads <c>timestamp</c> as Beijing time (UTC+8, no daylight saving).</summary>
    public static string Timestamp(DateTimeOffset now) =>
        now.ToOffset(AlipayNotification.BeijingOffset).ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string BizContent(JsonObject content) => content.ToJsonString(BizContentJson);

    /// <summary>
    /// Every common parameter for <paramref name="method"/> (with <c>app_cert_sn</c> and <c>alipay_root_cert_sn</c> in
    /// certificate mode) plus <c>sign</c>, computed over all the others (sign_type included) in
    /// <see cref="AlipaySignContent"/> form. Empty optional URLs are left out.
    /// </summary>
    public static SortedDictionary<string, string> SignedParameters(
        AlipayKeys keys, AlipayOptions options, DateTimeOffset now, string method, string bizContent, string? notifyUrl = null, string? returnUrl = null)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["app_id"] = options.AppId ?? throw new InvalidOperationException($"{AlipayOptions.Section}:AppId is not set."),
            ["method"] = method,
            ["format"] = Format,
            ["charset"] = Charset,
            ["sign_type"] = AlipaySigner.SignType,
            ["timestamp"] = Timestamp(now),
            ["version"] = Version,
            ["biz_content"] = bizContent,
        };
        if (keys.CertificateSerials is { } serials)
        {
            parameters["app_cert_sn"] = serials.AppCertSn;
            parameters["alipay_root_cert_sn"] = serials.AlipayRootCertSn;
        }

        if (!string.IsNullOrEmpty(notifyUrl))
        {
            parameters["notify_url"] = notifyUrl;
        }

        if (!string.IsNullOrEmpty(returnUrl))
        {
            parameters["return_url"] = returnUrl;
        }

        parameters["sign"] = keys.Sign(AlipaySignContent.Build(parameters!, AlipaySignContent.RequestExclusions));
        return parameters;
    }

    /// <summary><c>k=v&amp;k=v</c> with every key and value percent-encoded as UTF-8 (transport form, not sign form).</summary>
    public static string UrlEncode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in parameters)
        {
            builder.Append(builder.Length == 0 ? "" : "&").Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary>The gateway URL with <paramref name="query"/> appended, whether or not it already has a query.</summary>
    public static Uri WithQuery(string gatewayUrl, string query) =>
        new(gatewayUrl + (gatewayUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query);
}
