using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Alipay;

/// <summary>
/// Typed client for the classic gateway's server-to-server calls: <c>alipay.trade.query</c>, <c>.close</c> and
/// <c>.refund</c>, and <c>alipay.data.dataservice.bill.downloadurl.query</c> with the bill's (unsigned) download. Requests are signed with the application's key; an answer is believed only after Alipay's signature
/// over its response node checks out, and a <c>code</c> other than 10000 becomes a <see cref="AlipayErrorKind.Business"/> error.
/// </summary>
public sealed class AlipayClient(
    HttpClient http, AlipayKeys keys, IOptions<AlipayOptions> options, TimeProvider time, ILogger<AlipayClient> logger, AlipayEndpoints? endpoints = null)
{
    public const string QueryMethod = "alipay.trade.query";
    public const string CloseMethod = "alipay.trade.close";
    public const string RefundMethod = "alipay.trade.refund";
    public const string BillDownloadUrlMethod = "alipay.data.dataservice.bill.downloadurl.query";

    /// <summary>The bill of the merchant's trades (收单业务账单), as opposed to <c>signcustomer</c> (the account's money movements).</summary>
    public const string TradeBillType = "trade";
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

    /// <summary>Where to download the <c>trade</c> bill of <paramref name="billDate"/> (yyyy-MM-dd, a China day); the link lives about 30 seconds.</summary>
    public Task<AlipayResult<AlipayBillLocation>> BillDownloadUrlAsync(string billDate, CancellationToken ct) =>
        CallAsync(BillDownloadUrlMethod, new JsonObject { ["bill_type"] = TradeBillType, ["bill_date"] = billDate }, ReadBillLocation, ct);

    /// <summary>
    /// GETs the bill file (a zip). Alipay does not sign it and the link carries no signature of ours: what vouches for it
    /// is that the link came in a verified answer.
    /// </summary>
    public async Task<AlipayResult<byte[]>> DownloadBillAsync(AlipayBillLocation location, CancellationToken ct)
    {
        var url = new Uri(location.DownloadUrl.Trim());
        return await FetchAsync("bill download", token => http.GetAsync(url, token), ct) is { } bytes
            ? AlipayResult<byte[]>.Ok(bytes)
            : AlipayResult<byte[]>.Fail(AlipayError.Unavailable);
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
        using var content = new FormUrlEncodedContent(parameters);
        // Like the SDKs, name the charset in the URL too, so the gateway knows how to decode the body.
        var gateway = endpoints?.GatewayUrl ?? o.GatewayUrl;
        var url = gateway.Contains("charset=", StringComparison.Ordinal) ? new Uri(gateway) : AlipayGateway.WithQuery(gateway, "charset=" + AlipayGateway.Charset);
        if (await FetchAsync(method, token => http.PostAsync(url, content, token), ct) is not { } body)
        {
            return AlipayResult<T>.Fail(AlipayError.Unavailable);
        }

        return Interpret(method, body, read);
    }

    /// <summary>The body of a 2xx answer; null (logged) for another status, a network failure or a timeout.</summary>
    private async Task<byte[]?> FetchAsync(string call, Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        try
        {
            using var response = await send(ct);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadAsByteArrayAsync(ct);
            }

            logger.LogWarning("Alipay {Call} answered HTTP {Status}", call, (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Alipay {Call} failed: {Error}", call, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Alipay {Call} timed out after {Seconds} s", call, options.Value.TimeoutSeconds);
        }

        return null;
    }

    private AlipayResult<T> Interpret<T>(string method, byte[] body, Func<JsonElement, T?> read) where T : class
    {
        if (!AlipayResponse.TryExtract(body, method, out var range, out var signature, out var alipayCertSn))
        {
            logger.LogWarning("Alipay {Method} answered a body without a single response node ({Length} bytes)", method, body.Length);
            return AlipayResult<T>.Fail(AlipayError.Unavailable);
        }

        var node = body.AsMemory(range);
        if (!keys.KnowsAlipayCertificate(alipayCertSn))
        {
            logger.LogWarning("Alipay {Method} answer is signed with certificate {AlipayCertSn}, which is not configured; it is ignored. " +
                "Download Alipay's current public-key certificate from the console and add it to {Setting}", method, alipayCertSn,
                AlipayOptions.Section + ":" + nameof(AlipayOptions.AlipayCertificate));
            return AlipayResult<T>.Fail(AlipayError.UnverifiedResponse);
        }

        if (!keys.IsSignedByAlipay(node.Span, signature, alipayCertSn))
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

    private static AlipayBillLocation? ReadBillLocation(JsonElement node) =>
        Text(node, "bill_download_url") is { Length: > 0 } url && Uri.TryCreate(url.Trim(), UriKind.Absolute, out _) ? new AlipayBillLocation(url) : null;

    private static string? Text(JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Fen(JsonElement node, string name) => AlipayAmount.TryParseFen(Text(node, name), out var fen) ? fen : null;
}
