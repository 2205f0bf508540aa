using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Data;
using Circula.Payments.Alipay;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Payments.Sandbox;

/// <summary>
/// SANDBOX: this server playing Alipay: asynchronous notifications and gateway answers (alipay.trade.refund), signed with
/// the sandbox's "Alipay" key; requests are verified with the application's public key.
/// </summary>
public sealed class AlipaySandboxGateway
{
    private readonly RSA _alipayKey = RSA.Create();
    private readonly RSA _appPublicKey = RSA.Create();
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, long> _refunds = new(StringComparer.Ordinal);

    public AlipaySandboxGateway(IOptions<CirculaOptions> circula, TimeProvider clock)
    {
        var keys = AlipaySandboxSetup.Load(circula.Value.DataDirectory);
        _alipayKey.ImportFromPem(keys.AlipayPrivateKeyPem);
        _appPublicKey.ImportFromPem(keys.AppPublicKeyPem);
        _clock = clock;
    }

    /// <summary>Whether the application signed these request parameters (RSA2 over all but sign).</summary>
    public bool IsSignedByApp(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue("sign", out var sign) &&
        AlipaySigner.Verify(AlipaySignContent.Build(parameters!, AlipaySignContent.RequestExclusions), sign, _appPublicKey);

    /// <summary>
    /// Records a refund by out_request_no: the first request moves money (fund_change Y), a repeated one does not (N).
    /// Answers the trade's refunded total in fen.
    /// </summary>
    public (bool FundChanged, long RefundedFen) Refund(string outTradeNo, string outRequestNo, long refundFen)
    {
        var fundChanged = _refunds.TryAdd(outTradeNo + "|" + outRequestNo, refundFen);
        var refunded = _refunds.Where(r => r.Key.StartsWith(outTradeNo + "|", StringComparison.Ordinal)).Sum(r => r.Value);
        return (fundChanged, refunded);
    }

    /// <summary>A gateway answer: the response node as written and Alipay's signature over exactly that text.</summary>
    public string SignedAnswer(string method, string node) =>
        "{\"" + AlipayResponse.NodeName(method) + "\":" + node + ",\"sign\":\"" + AlipaySigner.Sign(node, _alipayKey) + "\"}";

    public string Timestamp() => AlipayGateway.Timestamp(_clock.GetUtcNow());

    /// <summary>A notification's form fields, <c>sign</c> and <c>sign_type</c> included.</summary>
    public sealed record SignedForm(string NotifyId, string TradeNo, IReadOnlyDictionary<string, string> Fields);

    /// <summary>A TRADE_SUCCESS (or <paramref name="tradeStatus"/>) for the trade, signed now as Alipay signs (RSA2 over all but sign and sign_type).</summary>
    public SignedForm Build(string appId, string outTradeNo, long amountFen, string tradeStatus = "TRADE_SUCCESS", bool corruptSignature = false)
    {
        var now = AlipayGateway.Timestamp(_clock.GetUtcNow());
        var notifyId = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var tradeNo = "2026" + RandomNumberGenerator.GetString("0123456789", 24);
        var amount = AlipayAmount.FormatYuan(amountFen);
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["notify_time"] = now, ["notify_type"] = "trade_status_sync", ["notify_id"] = notifyId, ["app_id"] = appId, ["charset"] = AlipayGateway.Charset,
            ["version"] = AlipayGateway.Version, ["trade_no"] = tradeNo, ["out_trade_no"] = outTradeNo, ["trade_status"] = tradeStatus,
            ["total_amount"] = amount, ["receipt_amount"] = amount, ["buyer_pay_amount"] = amount, ["buyer_id"] = "2088000000000001",
            ["seller_id"] = "2088000000000002", ["gmt_create"] = now, ["gmt_payment"] = now, ["subject"] = "Circula " + outTradeNo,
        };
        return Resign(fields, corruptSignature);
    }

    /// <summary>Signs <paramref name="fields"/> (any sign or sign_type in them replaced) as Alipay signs a notification.</summary>
    public SignedForm Resign(IReadOnlyDictionary<string, string> fields, bool corruptSignature = false)
    {
        var signed = new SortedDictionary<string, string>(fields.Where(f => f.Key is not ("sign" or "sign_type")).ToDictionary(), StringComparer.Ordinal);
        var signature = Convert.FromBase64String(AlipaySigner.Sign(AlipaySignContent.Build(signed!, AlipaySignContent.NotificationExclusions), _alipayKey));
        if (corruptSignature)
        {
            signature[0] ^= 0xFF;
        }

        signed["sign"] = Convert.ToBase64String(signature);
        signed["sign_type"] = AlipaySigner.SignType;
        return new SignedForm(signed["notify_id"], signed["trade_no"], signed);
    }
}

public static class AlipaySandbox
{
    public const string HttpClientName = "alipay-sandbox";

    public static void Map(IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(AlipayEndpoints.SandboxBasePath).WithTags("Sandbox");
        sandbox.MapPost("/gateway.do", GatewayAsync)
            .WithName("SandboxAlipayGateway")
            .WithSummary("SANDBOX ONLY (not Alipay): imitates the gateway's alipay.trade.refund; verifies the application's signature, answers signed " +
                "(fund_change Y the first time an out_request_no is seen, N after)")
            .DisableAntiforgery()
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest);
        sandbox.MapPost("/pay", PayAsync)
            .WithName("SandboxAlipayPay")
            .WithSummary("SANDBOX ONLY (not Alipay): \"the buyer pays\" — posts a signed TRADE_SUCCESS form to our Alipay notify URL and returns what it answered")
            .WithDescription("delayMs waits before sending; duplicates sends that many identical copies at once; corruptSignature breaks the signature; " +
                "amountFen reports a different amount than the payment's. 404 when no Alipay payment has outTradeNo.")
            .Validate<SandboxPayRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithRequestExample(new SandboxPayRequest("P7214567890987654321", null, null, null, null))
            .WithResponseExample(new SandboxPayResponse("5b0f1e9c3a7d4e2f8a6b0c1d2e3f4a5b", "2026000000000000000000000001",
                "http://127.0.0.1:5080" + AlipayEndpoints.NotifyPath, [new SandboxDelivery(200, AlipayNotify.Success)]));
    }

    private static async Task<Results<Ok<SandboxPayResponse>, ProblemHttpResult>> PayAsync(SandboxPayRequest request, AlipaySandboxGateway gateway,
        AlipayEndpoints endpoints, IOptions<AlipayOptions> options, CirculaDbContext db, IHttpClientFactory http, CancellationToken ct)
    {
        var outTradeNo = request.OutTradeNo.Trim();
        var amountFen = await db.Set<Payment>().AsNoTracking().Where(p => p.Provider == Payment.Alipay && p.OutTradeNo == outTradeNo)
            .Select(p => (long?)p.AmountFen).FirstOrDefaultAsync(ct);
        if (amountFen is null)
        {
            return ApiProblems.NotFound("Alipay payment");
        }

        if (request.DelayMs is > 0)
        {
            // Real time on purpose: this imitates the network and the buyer, not business time.
            await Task.Delay(request.DelayMs.Value, ct);
        }

        var form = gateway.Build(options.Value.AppId!, outTradeNo, request.AmountFen ?? amountFen.Value, corruptSignature: request.CorruptSignature == true);
        var client = http.CreateClient(HttpClientName);
        var notifyUrl = endpoints.NotifyUrl;
        var deliveries = await Task.WhenAll(Enumerable.Range(0, request.Duplicates ?? 1).Select(_ => SendAsync(client, notifyUrl, form, ct)));
        return TypedResults.Ok(new SandboxPayResponse(form.NotifyId, form.TradeNo, notifyUrl, deliveries));
    }

    private static async Task<IResult> GatewayAsync(HttpContext context, AlipaySandboxGateway gateway, CirculaDbContext db, CancellationToken ct)
    {
        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Text("application/x-www-form-urlencoded body required", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var parameters = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var method = parameters.GetValueOrDefault("method") ?? "";
        if (!gateway.IsSignedByApp(parameters))
        {
            return Answer(gateway, method, Error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"));
        }

        if (method != AlipayClient.RefundMethod)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", "isv.invalid-method", "sandbox supports alipay.trade.refund only"));
        }

        JsonDocument biz;
        try
        {
            biz = JsonDocument.Parse(parameters.GetValueOrDefault("biz_content") ?? "{}");
        }
        catch (JsonException)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", "isv.invalid-biz-content", "biz_content is not JSON"));
        }

        using var _ = biz;
        var outTradeNo = biz.RootElement.TryGetProperty("out_trade_no", out var o) ? o.GetString() ?? "" : "";
        var outRequestNo = biz.RootElement.TryGetProperty("out_request_no", out var r) ? r.GetString() ?? outTradeNo : outTradeNo;
        var payment = await db.Set<Payment>().AsNoTracking()
            .FirstOrDefaultAsync(p => p.Provider == Payment.Alipay && p.OutTradeNo == outTradeNo && p.Status == PaymentStatus.Succeeded, ct);
        if (payment is null)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", AlipayError.TradeNotExist, "交易不存在"));
        }

        if (!biz.RootElement.TryGetProperty("refund_amount", out var amount) || !AlipayAmount.TryParseFen(amount.GetString(), out var refundFen) ||
            refundFen < 1 || refundFen > payment.AmountFen)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"));
        }

        var (fundChanged, refundedFen) = gateway.Refund(outTradeNo, outRequestNo, refundFen);
        return Answer(gateway, method, new JsonObject
        {
            ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["trade_no"] = payment.ProviderTransactionId, ["out_trade_no"] = outTradeNo,
            ["buyer_logon_id"] = "sbx***@sandbox.com", ["fund_change"] = fundChanged ? "Y" : "N", ["refund_fee"] = AlipayAmount.FormatYuan(refundedFen),
            ["gmt_refund_pay"] = gateway.Timestamp(),
        });
    }

    private static JsonObject Error(string code, string msg, string subCode, string subMsg) =>
        new() { ["code"] = code, ["msg"] = msg, ["sub_code"] = subCode, ["sub_msg"] = subMsg };

    private static IResult Answer(AlipaySandboxGateway gateway, string method, JsonObject node) =>
        TypedResults.Text(gateway.SignedAnswer(method.Length > 0 ? method : "alipay.error", AlipayGateway.BizContent(node)), "application/json; charset=utf-8");

    /// <summary>Posts the form as Alipay does (application/x-www-form-urlencoded, UTF-8).</summary>
    public static async Task<SandboxDelivery> SendAsync(HttpClient client, string notifyUrl, AlipaySandboxGateway.SignedForm form, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, notifyUrl) { Content = new FormUrlEncodedContent(form.Fields) };
        message.Headers.UserAgent.ParseAdd("Mozilla/4.0 (Alipay-Sandbox)");
        using var response = await client.SendAsync(message, ct);
        return new SandboxDelivery((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
