using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Sandbox.WeChatPay;

/// <summary>
/// SANDBOX: this server playing WeChat Pay API v3 for development and tests. It verifies our Authorization header with
/// the merchant public key, signs its answers with its own platform key, and on request "makes the payment" by posting a
/// signed, AES-GCM-encrypted TRANSACTION.SUCCESS to the prepay's notify_url. What it knows about trades is in
/// <see cref="WeChatPaySandboxTrades"/>; the keys are files under the data directory, so replicas sharing it agree.
/// </summary>
public sealed partial class WeChatPaySandboxGateway
{
    private readonly RSA _platformKey = RSA.Create();
    private readonly RSA _merchantPublicKey = RSA.Create();
    private readonly byte[] _apiV3Key;
    private readonly TimeProvider _clock;

    public WeChatPaySandboxGateway(IOptions<CirculaOptions> circula, TimeProvider clock)
    {
        var keys = WeChatPaySandboxSetup.Load(circula.Value.DataDirectory);
        _platformKey.ImportFromPem(keys.PlatformPrivateKeyPem);
        _merchantPublicKey.ImportFromPem(keys.MerchantPublicKeyPem);
        _apiV3Key = Encoding.ASCII.GetBytes(keys.ApiV3Key);
        _clock = clock;
    }

    /// <summary>A prepay the sandbox accepted.</summary>
    public sealed record SandboxPrepay(string AppId, string MchId, string OutTradeNo, long AmountFen, string NotifyUrl, string TradeType, string? OpenId);

    /// <summary>A notification ready to post: the exact body and the Wechatpay-* headers.</summary>
    public sealed record SignedNotification(string Id, string TransactionId, string Body, WeChatPaySignatureHeaders Headers);

    public DateTimeOffset Now() => _clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));

    /// <summary>Null when the header is what WeChat Pay accepts, else why not.</summary>
    public string? CheckAuthorization(string method, string target, string body, string header)
    {
        const string scheme = WeChatPayRequestSigner.AuthorizationScheme + " ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "Authorization is not WECHATPAY2-SHA256-RSA2048";
        }

        var items = AuthorizationItem().Matches(header[scheme.Length..]).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        if (!items.Keys.Order(StringComparer.Ordinal).SequenceEqual(["mchid", "nonce_str", "serial_no", "signature", "timestamp"]))
        {
            return "Authorization needs mchid, nonce_str, serial_no, signature and timestamp";
        }

        if (items["mchid"] != WeChatPaySandboxSetup.MchId || items["serial_no"] != WeChatPaySandboxSetup.MerchantSerialNumber)
        {
            return "unknown mchid or serial_no";
        }

        if (!long.TryParse(items["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ||
            Math.Abs(_clock.GetUtcNow().ToUnixTimeSeconds() - timestamp) >= (long)WeChatPaySignatureVerifier.MaxClockSkew.TotalSeconds)
        {
            return "timestamp expired";
        }

        var message = WeChatPayRequestSigner.RequestMessage(method, target, timestamp, items["nonce_str"], body);
        var signature = new byte[items["signature"].Length];
        return Convert.TryFromBase64String(items["signature"], signature, out var length) &&
            _merchantPublicKey.VerifyData(Encoding.UTF8.GetBytes(message), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? null
            : "signature does not verify with the merchant public key";
    }

    /// <summary>
    /// A TRANSACTION.SUCCESS for the payment, signed now (minus <paramref name="age"/>) with the platform key, under a new
    /// transaction id unless <paramref name="transactionId"/> names one.
    /// </summary>
    public SignedNotification BuildSuccess(SandboxPrepay prepay, long amountFen, TimeSpan age = default, bool corruptSignature = false, string? transactionId = null)
    {
        var now = _clock.GetUtcNow();
        transactionId ??= "4200" + RandomNumberGenerator.GetString("0123456789", 24);
        var transaction = new WeChatPayTransaction(prepay.AppId, prepay.MchId, prepay.OutTradeNo, WeChatPayTransaction.Success, transactionId,
            prepay.TradeType, "支付成功", "OTHERS", null, now.ToOffset(TimeSpan.FromHours(8)),
            new WeChatPayTransactionPayer(prepay.OpenId ?? WeChatPaySandboxTrade.NativePayer), new WeChatPayTransactionAmount(amountFen, amountFen, WeChatPayOrderAmount.Cny, WeChatPayOrderAmount.Cny));
        return Build(transaction, now - age, corruptSignature);
    }

    /// <summary>Encrypts and signs any transaction resource as WeChat Pay would, timestamped <paramref name="signedAt"/>.</summary>
    public SignedNotification Build(WeChatPayTransaction transaction, DateTimeOffset signedAt, bool corruptSignature = false) =>
        Seal(WeChatPayNotification.TransactionSuccess, "transaction", JsonSerializer.Serialize(transaction, WeChatPayJson.Options), "支付成功", transaction.TransactionId!,
            signedAt, corruptSignature);

    /// <summary>A REFUND.* notification (REFUND.SUCCESS unless <paramref name="eventType"/> says otherwise) for the refund, signed now.</summary>
    public SignedNotification BuildRefund(WeChatPayRefundNotice refund, string eventType = WeChatPayNotification.RefundSuccess, bool corruptSignature = false) =>
        Seal(eventType, "refund", JsonSerializer.Serialize(refund, WeChatPayJson.Options), "退款成功", refund.TransactionId ?? refund.RefundId, _clock.GetUtcNow(),
            corruptSignature);

    /// <summary>The MCHTRANSFER.BILL.FINISHED notification of a transfer bill in its final state, signed now.</summary>
    public SignedNotification BuildTransfer(WeChatPayTransferBill bill, bool corruptSignature = false) =>
        Seal(WeChatPayNotification.TransferBillFinished, "mch_payment", JsonSerializer.Serialize(bill, WeChatPayJson.Options), "商家转账单据终态通知",
            bill.TransferBillNo!, _clock.GetUtcNow(), corruptSignature);

    /// <summary>The refund notice WeChat Pay sends when <paramref name="refund"/> (as accepted by the sandbox) succeeds.</summary>
    public WeChatPayRefundNotice RefundSucceeded(SandboxRefund refund) =>
        new(WeChatPaySandboxSetup.MchId, refund.OutTradeNo, refund.RefundId, refund.OutRefundNo, WeChatPayRefund.Success,
            new WeChatPayRefundAmount(refund.TotalFen, refund.RefundFen, refund.TotalFen, refund.RefundFen), "4200" + RandomNumberGenerator.GetString("0123456789", 24),
            _clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)), "支付用户零钱");

    /// <summary>A refund the sandbox accepted (answered PROCESSING).</summary>
    public sealed record SandboxRefund(string RefundId, string OutTradeNo, string OutRefundNo, long RefundFen, long TotalFen, string? NotifyUrl);

    private SignedNotification Seal(string eventType, string originalType, string plaintext, string summary, string transactionId, DateTimeOffset signedAt,
        bool corruptSignature)
    {
        var nonce = RandomNumberGenerator.GetString("0123456789abcdefghijklmnopqrstuvwxyz", 12);
        var associatedData = originalType;
        var cipher = new byte[Encoding.UTF8.GetByteCount(plaintext)];
        var tag = new byte[16];
        using (var aes = new AesGcm(_apiV3Key, 16))
        {
            aes.Encrypt(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(plaintext), cipher, tag, Encoding.UTF8.GetBytes(associatedData));
        }

        var id = "EV-" + RandomNumberGenerator.GetHexString(24, lowercase: true);
        var notification = new WeChatPayNotification(id, signedAt.ToOffset(TimeSpan.FromHours(8)), eventType, "encrypt-resource",
            new WeChatPayEncryptedResource(WeChatPayResourceDecryptor.Algorithm, Convert.ToBase64String([.. cipher, .. tag]), nonce, associatedData, originalType),
            summary);
        var body = JsonSerializer.Serialize(notification, WeChatPayJson.Options);
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signatureNonce = RandomNumberGenerator.GetHexString(32);
        var signature = _platformKey.SignData(WeChatPaySignatureVerifier.Message(timestamp, signatureNonce, Encoding.UTF8.GetBytes(body)),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (corruptSignature)
        {
            signature[0] ^= 0xFF;
        }

        return new SignedNotification(id, transactionId, body, new WeChatPaySignatureHeaders(timestamp, signatureNonce,
            Convert.ToBase64String(signature), WeChatPaySandboxSetup.PublicKeyId, WeChatPaySignatureVerifier.RsaSignatureType));
    }

    /// <summary>An error answer to a well-signed request, signed like every other answer (only a 401 SIGN_ERROR goes unsigned).</summary>
    public Task WriteSignedErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteSignedAsync(context, JsonSerializer.Serialize(new { code, message }, WeChatPayJson.Options), status);

    /// <summary>Signs an API answer with the platform key and writes it (<paramref name="json"/> empty: a signed 204).</summary>
    public async Task WriteSignedAsync(HttpContext context, string json, int? status = null)
    {
        var empty = json.Length == 0;
        var signed = SignAnswer(json);
        var response = context.Response;
        response.StatusCode = status ?? (empty ? StatusCodes.Status204NoContent : StatusCodes.Status200OK);
        response.Headers["Request-ID"] = "SANDBOX-" + RandomNumberGenerator.GetHexString(16);
        response.Headers[WeChatPaySignatureHeaders.TimestampHeader] = signed.Timestamp;
        response.Headers[WeChatPaySignatureHeaders.NonceHeader] = signed.Nonce;
        response.Headers[WeChatPaySignatureHeaders.SignatureHeader] = signed.Signature;
        response.Headers[WeChatPaySignatureHeaders.SerialHeader] = signed.Serial;
        if (!empty)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(json, context.RequestAborted);
        }
    }

    /// <summary>The Wechatpay-* headers of an answer whose body is <paramref name="json"/>, signed now with the platform key.</summary>
    public WeChatPaySignatureHeaders SignAnswer(string json)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetHexString(32);
        var signature = _platformKey.SignData(WeChatPaySignatureVerifier.Message(timestamp, nonce, Encoding.UTF8.GetBytes(json)), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        return new WeChatPaySignatureHeaders(timestamp, nonce, Convert.ToBase64String(signature), WeChatPaySandboxSetup.PublicKeyId,
            WeChatPaySignatureVerifier.RsaSignatureType);
    }

    [GeneratedRegex("(?<name>[a-z_]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex AuthorizationItem();
}

public static class WeChatPaySandbox
{
    public const string HttpClientName = "wechatpay-sandbox";
    public const string BasePath = "/sandbox/wechatpay";

    /// <summary>The problem code of <c>/sandbox/{provider}/pay</c> for a trade closed at the provider (both sandboxes).</summary>
    public const string SandboxTradeClosed = "trade_closed";

    public static void Map(IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(WeChatPaySandbox.BasePath).WithTags("Sandbox");
        sandbox.MapPost("/v3/pay/transactions/jsapi", (HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades) =>
                PrepayAsync(context, gateway, trades, "JSAPI"))
            .WithName("SandboxWeChatPayJsapiPrepay")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 JSAPI prepay; verifies the merchant signature, answers a signed prepay_id")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized);
        sandbox.MapPost("/v3/pay/transactions/native", (HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades) =>
                PrepayAsync(context, gateway, trades, "NATIVE"))
            .WithName("SandboxWeChatPayNativePrepay")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 Native prepay; verifies the merchant signature, answers a signed code_url")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized);
        sandbox.MapPost(WeChatPayClient.RefundPath, RefundAsync)
            .WithName("SandboxWeChatPayRefund")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 domestic refund; verifies the merchant signature, answers a signed PROCESSING, " +
                "then posts a signed, encrypted REFUND.SUCCESS to the refund's notify_url")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized);
        sandbox.MapGet("/v3/pay/transactions/out-trade-no/{outTradeNo}", QueryAsync)
            .WithName("SandboxWeChatPayQuery")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 query by out_trade_no; verifies the merchant signature, answers the signed " +
                "transaction (NOTPAY, SUCCESS or CLOSED) or 404 ORDER_NOT_EXIST")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status404NotFound);
        sandbox.MapPost("/v3/pay/transactions/out-trade-no/{outTradeNo}/close", CloseAsync)
            .WithName("SandboxWeChatPayClose")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 close; verifies the merchant signature, answers a signed 204, " +
                "400 ORDERPAID for a paid order or 404 ORDER_NOT_EXIST")
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status404NotFound);
        WeChatPaySandboxBills.Map(sandbox);
        WeChatPaySandboxTransfers.Map(sandbox);
        sandbox.MapPost("/pay", PayAsync)
            .WithName("SandboxWeChatPayPay")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): \"the customer pays\" — sends a signed, encrypted TRANSACTION.SUCCESS to our notify URL and returns what it answered")
            .WithDescription("delayMs waits before sending; duplicates sends that many identical copies at once; corruptSignature breaks the signature; " +
                "amountFen reports a different amount than the prepay's; dropNotification marks the prepay paid without notifying us (a lost notification, " +
                "for reconciliation to find); reorder makes a later refund of this trade arrive out of order: its REFUND.SUCCESS notification is " +
                "sent before the refund request is answered PROCESSING. 404 when the sandbox holds no prepay for outTradeNo.")
            .Validate<SandboxPayRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new SandboxPayRequest("P7214567890987654321", null, null, null, null))
            .WithResponseExample(new SandboxPayResponse("EV-3f1c9a0d5e7b2c4a6d8e0f1a", "4200000000000000000000000001",
                "http://127.0.0.1:5080" + WeChatPayEndpoints.NotifyPath, [new SandboxDelivery(204, "")]));
    }

    private static async Task PrepayAsync(HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades, string tradeType)
    {
        if (await ReadAuthorizedBodyAsync(context, gateway) is not { } body)
        {
            return;
        }

        WeChatPaySandboxGateway.SandboxPrepay? prepay;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            prepay = new WeChatPaySandboxGateway.SandboxPrepay(root.GetProperty("appid").GetString()!, root.GetProperty("mchid").GetString()!, root.GetProperty("out_trade_no").GetString()!,
                root.GetProperty("amount").GetProperty("total").GetInt64(), root.GetProperty("notify_url").GetString()!, tradeType,
                root.TryGetProperty("payer", out var payer) ? payer.GetProperty("openid").GetString() : null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误: " + e.GetType().Name);
            return;
        }

        if (prepay.MchId != WeChatPaySandboxSetup.MchId || prepay.AmountFen < 1 || (tradeType == "JSAPI" && string.IsNullOrEmpty(prepay.OpenId)))
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误");
            return;
        }

        if (!await trades.StoreAsync(prepay, context.RequestAborted))
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "201 商户订单号重复");
            return;
        }

        var answer = tradeType == "JSAPI"
            ? JsonSerializer.Serialize(new { prepay_id = "wx_sbx_" + prepay.OutTradeNo })
            : JsonSerializer.Serialize(new { code_url = "weixin://wxpay/bizpayurl?pr=sbx" + prepay.OutTradeNo });
        await gateway.WriteSignedAsync(context, answer);
    }

    private static async Task RefundAsync(HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades, IHttpClientFactory http,
        ILogger<WeChatPaySandboxGateway> logger)
    {
        if (await ReadAuthorizedBodyAsync(context, gateway) is not { } body)
        {
            return;
        }

        string outTradeNo, outRefundNo;
        long refundFen, totalFen;
        string? notifyUrl;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            outTradeNo = root.GetProperty("out_trade_no").GetString()!;
            outRefundNo = root.GetProperty("out_refund_no").GetString()!;
            refundFen = root.GetProperty("amount").GetProperty("refund").GetInt64();
            totalFen = root.GetProperty("amount").GetProperty("total").GetInt64();
            notifyUrl = root.TryGetProperty("notify_url", out var url) ? url.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误: " + e.GetType().Name);
            return;
        }

        if (string.IsNullOrEmpty(outRefundNo) || await trades.FindAsync(outTradeNo, context.RequestAborted) is not { } trade)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status404NotFound, "RESOURCE_NOT_EXISTS", "订单不存在");
            return;
        }

        if (totalFen != trade.Prepay.AmountFen || refundFen < 1 || refundFen > totalFen)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "退款金额错误");
            return;
        }

        var refund = new WeChatPaySandboxGateway.SandboxRefund("50" + RandomNumberGenerator.GetString("0123456789", 27), outTradeNo, outRefundNo, refundFen, totalFen,
            notifyUrl);
        var answer = new WeChatPayRefund(refund.RefundId, refund.OutRefundNo, WeChatPayRefund.Processing,
            new WeChatPayRefundAmount(refund.TotalFen, refund.RefundFen, refund.TotalFen, refund.RefundFen, refund.RefundFen, refund.TotalFen, 0, WeChatPayOrderAmount.Cny),
            null, outTradeNo, "ORIGINAL", "支付用户零钱", null, gateway.Now());
        await trades.RecordRefundAsync(refund, context.RequestAborted);
        if (refund.NotifyUrl is { } refundNotifyUrl)
        {
            async Task NotifyAsync()
            {
                var notification = gateway.BuildRefund(gateway.RefundSucceeded(refund));
                var delivery = await SendAsync(http.CreateClient(HttpClientName), refundNotifyUrl, notification, CancellationToken.None);
                logger.LogInformation("Sandbox REFUND.SUCCESS {Id} for {OutRefundNo} answered {Status}", notification.Id, refund.OutRefundNo, delivery.Status);
            }

            if (trade.RefundsNotifiedFirst)
            {
                // Reordered: the result overtakes the answer, as it can when WeChat Pay's answer is slow on the way back.
                await NotifyAsync();
            }
            else
            {
                // As WeChat Pay does, the result comes later, on its own request: after this answer has been sent.
                context.Response.OnCompleted(NotifyAsync);
            }
        }

        await gateway.WriteSignedAsync(context, JsonSerializer.Serialize(answer, WeChatPayJson.Options));
    }

    private static async Task QueryAsync(HttpContext context, string outTradeNo, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades)
    {
        if (await ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (context.Request.Query["mchid"] != WeChatPaySandboxSetup.MchId || await trades.FindAsync(outTradeNo, context.RequestAborted) is not { } trade)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status404NotFound, "ORDER_NOT_EXIST", "订单不存在");
            return;
        }

        await gateway.WriteSignedAsync(context, JsonSerializer.Serialize(trade.Transaction(), WeChatPayJson.Options));
    }

    private static async Task CloseAsync(HttpContext context, string outTradeNo, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades)
    {
        if (await ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (await trades.FindAsync(outTradeNo, context.RequestAborted) is null)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status404NotFound, "ORDER_NOT_EXIST", "订单不存在");
            return;
        }

        if (!await trades.CloseAsync(outTradeNo, context.RequestAborted))
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "ORDERPAID", "订单已支付");
            return;
        }

        await gateway.WriteSignedAsync(context, "");
    }


    private static async Task<Results<Ok<SandboxPayResponse>, ProblemHttpResult>> PayAsync(SandboxPayRequest request, WeChatPaySandboxGateway gateway,
        WeChatPaySandboxTrades trades, IHttpClientFactory http, CancellationToken ct)
    {
        if (await trades.FindAsync(request.OutTradeNo.Trim(), ct) is not { Prepay: var prepay } trade)
        {
            return ApiProblems.NotFound("Sandbox prepay");
        }

        if (trade.TradeState == WeChatPayTransaction.Closed)
        {
            // As WeChat Pay does: the payer's WeChat refuses a closed order (订单已关闭), so no money moves.
            return ApiProblems.Conflict(SandboxTradeClosed, $"The sandbox WeChat Pay order {prepay.OutTradeNo} is closed; it cannot be paid.");
        }

        if (request.DelayMs is > 0)
        {
            // Real time on purpose: this imitates the network and the customer, not business time.
            await Task.Delay(request.DelayMs.Value, ct);
        }

        if (request.Reorder == true)
        {
            await trades.NotifyRefundsFirstAsync(prepay.OutTradeNo, ct);
        }

        var notification = gateway.BuildSuccess(prepay, request.AmountFen ?? prepay.AmountFen, corruptSignature: request.CorruptSignature == true);
        if (request.DropNotification == true)
        {
            await trades.MarkPaidAsync(prepay.OutTradeNo, notification.TransactionId, ct);
            return TypedResults.Ok(new SandboxPayResponse(notification.Id, notification.TransactionId, prepay.NotifyUrl, []));
        }

        var client = http.CreateClient(HttpClientName);
        var deliveries = await Task.WhenAll(Enumerable.Range(0, request.Duplicates ?? 1).Select(_ => SendAsync(client, prepay.NotifyUrl, notification, ct)));
        if (request.CorruptSignature != true && request.AmountFen is null)
        {
            // Recorded after the deliveries, so a query never answers SUCCESS before the notification was handled. A forged
            // (corrupt) or wrong-amount notification does not stand for a real payment: the trade stays unpaid.
            await trades.MarkPaidAsync(prepay.OutTradeNo, notification.TransactionId, ct);
        }

        return TypedResults.Ok(new SandboxPayResponse(notification.Id, notification.TransactionId, prepay.NotifyUrl, deliveries));
    }

    /// <summary>Posts the notification exactly as WeChat Pay does: the signed body and the Wechatpay-* headers.</summary>
    public static async Task<SandboxDelivery> SendAsync(HttpClient client, string notifyUrl, WeChatPaySandboxGateway.SignedNotification notification, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, notifyUrl) { Content = new StringContent(notification.Body, Encoding.UTF8, "application/json") };
        message.Headers.TryAddWithoutValidation(WeChatPaySignatureHeaders.TimestampHeader, notification.Headers.Timestamp);
        message.Headers.TryAddWithoutValidation(WeChatPaySignatureHeaders.NonceHeader, notification.Headers.Nonce);
        message.Headers.TryAddWithoutValidation(WeChatPaySignatureHeaders.SignatureHeader, notification.Headers.Signature);
        message.Headers.TryAddWithoutValidation(WeChatPaySignatureHeaders.SerialHeader, notification.Headers.Serial);
        message.Headers.TryAddWithoutValidation(WeChatPaySignatureHeaders.SignatureTypeHeader, notification.Headers.SignatureType);
        message.Headers.UserAgent.ParseAdd("Mozilla/4.0 (WeChatPay-Sandbox)");
        return await SandboxDelivery.SendAsync(client, message, ct);
    }

    /// <summary>The request body when our Authorization header verifies; else null, with the 401 SIGN_ERROR already written.</summary>
    internal static async Task<string?> ReadAuthorizedBodyAsync(HttpContext context, WeChatPaySandboxGateway gateway)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = Encoding.UTF8.GetString(buffer.ToArray());
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        if (gateway.CheckAuthorization(context.Request.Method, target, body, context.Request.Headers.Authorization.ToString()) is { } rejection)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "SIGN_ERROR", "签名错误: " + rejection);
            return null;
        }

        return body;
    }

    internal static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { code, message }, context.RequestAborted);
    }
}
