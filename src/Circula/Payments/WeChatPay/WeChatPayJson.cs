using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// WeChat Pay's JSON: snake_case names, nulls left out, compact, non-ASCII text as is (the signed text is the sent
/// text, so escaping is only a matter of size), strict numbers (fen are integers, never <c>"12"</c> or <c>12.5</c>), and a missing or null required value is an error
/// (optional values are the nullable parameters with a default).
/// </summary>
public static class WeChatPayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new Rfc3339SecondsConverter() },
    };
}

/// <summary>Writes times as RFC 3339 with whole seconds and the offset (<c>2025-06-08T10:34:56+08:00</c>), as WeChat Pay sends them.</summary>
internal sealed class Rfc3339SecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException("Expected an RFC 3339 time.");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
}
