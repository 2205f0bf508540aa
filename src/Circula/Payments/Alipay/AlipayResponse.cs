using System.Text.Json;

namespace Circula.Payments.Alipay;

/// <summary>
/// Splits a synchronous gateway answer, <c>{"alipay_trade_query_response":{...},"sign":"..."}</c>, into the exact raw
/// bytes of the response node (what Alipay signed, its <c>{</c> to the matching <c>}</c>), the signature and, in
/// certificate mode, <c>alipay_cert_sn</c> (which certificate signed). Working on the bytes keeps escapes and spacing
/// exactly as Alipay wrote them.
/// </summary>
public static class AlipayResponse
{
    public const string ErrorNode = "error_response";

    public static string NodeName(string method) => method.Replace('.', '_') + "_response";

    /// <summary>False when the body is not a JSON object holding exactly one response node (or error_response).</summary>
    public static bool TryExtract(ReadOnlySpan<byte> body, string method, out Range node, out string? signature, out string? alipayCertSn)
    {
        node = default;
        signature = null;
        alipayCertSn = null;
        var expected = NodeName(method);
        var found = false;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == expected || name == ErrorNode)
                {
                    if (found || reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    node = start..(int)reader.BytesConsumed;
                    found = true;
                }
                else if (name == "sign" && reader.TokenType == JsonTokenType.String)
                {
                    signature = reader.GetString();
                }
                else if (name == "alipay_cert_sn" && reader.TokenType == JsonTokenType.String)
                {
                    alipayCertSn = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return found && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
