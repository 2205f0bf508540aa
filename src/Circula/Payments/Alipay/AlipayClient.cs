using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// Typed client for the classic gateway's server-to-server calls: <c>alipay.trade.query</c>, <c>.close</c> and
/// <c>.refund</c>. Requests are signed with the application's key; an answer is believed only after Alipay's signature
/// over its response node checks out, and a <c>code</c> other than 10000 becomes a <see cref="AlipayErrorKind.Business"/> error.
/// </summary>
public sealed class AlipayClient(
    HttpClient http, AlipayKeys keys, IOptions<AlipayOptions> options, TimeProvider time, ILogger<AlipayClient> logger, AlipayEndpoints? endpoints = null)
{
    public const string QueryMethod = "alipay.trade.query";
    public const string CloseMethod = "alipay.trade.close";
    public const string RefundMethod = "alipay.trade.refund";
    public const string SuccessCode = "10000";

    public Task<AlipayResult<AlipayTradeQueryResult>> QueryAsync(string outTradeNo, CancellationToken ct) =>
        CallAsync(QueryMethod, Trade(outTradeNo), ReadQuery, ct);

    public Task<AlipayResult<AlipayTradeCloseResult>> CloseAsync(string outTradeNo, CancellationToken ct) =>
        CallAsync(CloseMethod, Trade(outTradeNo), ReadClose, ct);

    /// <summary>
    /// Refunds <paramref name="refundFen"/> of the trade. <paramref name="outRequestNo"/> identifies this refund: repeat
    /// it to retry safely, use a new one for a further partial refund.
    /// </summary>
    public Task<AlipayResult<AlipayTradeRefundResult>> RefundAsync(string outTradeNo, long refundFen, string outRequestNo, string? reason, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outRequestNo);
        var biz = Trade(outTradeNo);
        biz["refund_amount"] = AlipayAmount.FormatYuan(refundFen);
        biz["out_request_no"] = outRequestNo;
        if (!string.IsNullOrEmpty(reason))
        {
            biz["refund_reason"] = reason;
        }

        return CallAsync(RefundMethod, biz, ReadRefund, ct);
    }

    private static JsonObject Trade(string outTradeNo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outTradeNo);
        return new JsonObject { ["out_trade_no"] = outTradeNo };
    }

    private async Task<AlipayResult<T>> CallAsync<T>(string method, JsonObject biz, Func<JsonElement, T?> read, CancellationToken ct) where T : class
    {
        var o = options.Value;
        var parameters = AlipayGateway.SignedParameters(keys, o, time.GetUtcNow(), method, AlipayGateway.BizContent(biz));
        byte[] body;
        try
        {
            using var content = new FormUrlEncodedContent(parameters);
            // Like the SDKs, name the charset in the URL too, so the gateway knows how to decode the body.
            var gateway = endpoints?.GatewayUrl ?? o.GatewayUrl;
            var url = gateway.Contains("charset=", StringComparison.Ordinal) ? new Uri(gateway) : AlipayGateway.WithQuery(gateway, "charset=" + AlipayGateway.Charset);
            using var response = await http.PostAsync(url, content, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Alipay {Method} answered HTTP {Status}", method, (int)response.StatusCode);
                return AlipayResult<T>.Fail(AlipayError.Unavailable);
            }

            body = await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Alipay {Method} failed: {Error}", method, e.Message);
            return AlipayResult<T>.Fail(AlipayError.Unavailable);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Alipay {Method} timed out after {Seconds} s", method, o.TimeoutSeconds);
            return AlipayResult<T>.Fail(AlipayError.Unavailable);
        }

        return Interpret(method, body, read);
    }

    private AlipayResult<T> Interpret<T>(string method, byte[] body, Func<JsonElement, T?> read) where T : class
    {
        if (!AlipayResponse.TryExtract(body, method, out var range, out var signature))
        {
            logger.LogWarning("Alipay {Method} answered a body without a single response node ({Length} bytes)", method, body.Length);
            return AlipayResult<T>.Fail(AlipayError.Unavailable);
        }

        var node = body.AsMemory(range);
        if (!keys.IsSignedByAlipay(node.Span, signature))
        {
            logger.LogWarning("Alipay {Method} answer is {Problem}; it is ignored", method, string.IsNullOrEmpty(signature) ? "unsigned" : "not signed by the Alipay key");
            return AlipayResult<T>.Fail(AlipayError.UnverifiedResponse);
        }

        using var document = JsonDocument.Parse(node);
        var root = document.RootElement;
        var code = Text(root, "code");
        if (code != SuccessCode)
        {
            var error = new AlipayError(AlipayErrorKind.Business, code, Text(root, "msg"), Text(root, "sub_code"), Text(root, "sub_msg"));
            logger.LogInformation("Alipay {Method} answered {Code} {SubCode}: {SubMessage}", method, error.Code, error.SubCode, error.SubMessage);
            return AlipayResult<T>.Fail(error);
        }

        if (read(root) is { } value)
        {
            return AlipayResult<T>.Ok(value);
        }

        logger.LogWarning("Alipay {Method} answered success without the expected fields", method);
        return AlipayResult<T>.Fail(AlipayError.Unavailable);
    }

    private static AlipayTradeQueryResult? ReadQuery(JsonElement node) =>
        (Text(node, "trade_no"), Text(node, "out_trade_no"), Text(node, "trade_status"), Fen(node, "total_amount")) is ({ } tradeNo, { } outTradeNo, { } status, { } total)
            ? new AlipayTradeQueryResult(tradeNo, outTradeNo, AlipayNotification.StatusOf(status), total, Text(node, "buyer_user_id"),
                AlipayNotification.ParseBeijingTime(Text(node, "send_pay_date")))
            : null;

    private static AlipayTradeCloseResult? ReadClose(JsonElement node) =>
        Text(node, "out_trade_no") is { } outTradeNo ? new AlipayTradeCloseResult(Text(node, "trade_no"), outTradeNo) : null;

    private static AlipayTradeRefundResult? ReadRefund(JsonElement node) =>
        (Text(node, "trade_no"), Text(node, "out_trade_no"), Fen(node, "refund_fee")) is ({ } tradeNo, { } outTradeNo, { } refunded)
            ? new AlipayTradeRefundResult(tradeNo, outTradeNo, refunded, Text(node, "fund_change") == "Y",
                AlipayNotification.ParseBeijingTime(Text(node, "gmt_refund_pay")))
            : null;

    private static string? Text(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Fen(JsonElement node, string name) => AlipayAmount.TryParseFen(Text(node, name), out var fen) ? fen : null;
}
