using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Data;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.Endpoints;
using Circula.Sandbox.WeChatPay;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Sandbox.Alipay;

/// <summary>
/// SANDBOX: this server playing Alipay: asynchronous notifications signed with the sandbox's "Alipay" key, and the
/// gateway's <c>alipay.trade.query</c>, <c>alipay.trade.close</c> and <c>alipay.trade.refund</c> (requests verified with our
/// application's public key, answers signed), from what it knows in <see cref="AlipaySandboxTrades"/>. The keys are files
/// under the data directory, so replicas sharing it agree.
/// </summary>
public sealed class AlipaySandboxGateway
{
    private readonly RSA _alipayKey = RSA.Create();
    private readonly RSA _appPublicKey = RSA.Create();
    private readonly TimeProvider _clock;

    public AlipaySandboxGateway(IOptions<CirculaOptions> circula, TimeProvider clock)
    {
        var keys = AlipaySandboxSetup.Load(circula.Value.DataDirectory);
        _alipayKey.ImportFromPem(keys.AlipayPrivateKeyPem);
        _appPublicKey.ImportFromPem(keys.AppPublicKeyPem);
        _clock = clock;
    }

    /// <summary>Whether <paramref name="parameters"/> carry our application's valid RSA2 signature (over all but sign).</summary>
    public bool IsSignedByApp(IReadOnlyDictionary<string, string> parameters) =>
        parameters.GetValueOrDefault("sign_type") == AlipaySigner.SignType &&
        AlipaySigner.Verify(AlipaySignContent.Build(parameters!, AlipaySignContent.RequestExclusions), parameters.GetValueOrDefault("sign"), _appPublicKey);

    /// <summary><c>{"&lt;nodeName&gt;":{...},"sign":"..."}</c> with the signature over the node's exact text, as the gateway answers.</summary>
    public string SignedResponse(string nodeName, JsonObject node)
    {
        var text = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var sign = AlipaySigner.Sign(text, _alipayKey);
        return $"{{\"{nodeName}\":{text},\"sign\":{JsonSerializer.Serialize(sign)}}}";
    }

    public string Timestamp() => AlipayGateway.Timestamp(_clock.GetUtcNow());

    public DateTimeOffset Now() => _clock.GetUtcNow();

    /// <summary>A notification's form fields, <c>sign</c> and <c>sign_type</c> included.</summary>
    public sealed record SignedForm(string NotifyId, string TradeNo, IReadOnlyDictionary<string, string> Fields);

    /// <summary>A TRADE_SUCCESS (or <paramref name="tradeStatus"/>) for the trade, signed now as Alipay signs (RSA2 over all but sign and sign_type).</summary>
    public SignedForm Build(string appId, string outTradeNo, long amountFen, string tradeStatus = AlipaySandboxTrade.Success, bool corruptSignature = false)
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
    public const string BasePath = "/sandbox/alipay";
    public const string GatewayPath = "/gateway.do";

    private const string GatewayResponseExample =
        """{"alipay_trade_query_response":{"code":"10000","msg":"Success","trade_no":"2026060122001400000000000001","out_trade_no":"P7214567890987654321","trade_status":"TRADE_SUCCESS","total_amount":"25.90"},"sign":"<base64 RSA2 signature>"}""";

    private static readonly Dictionary<string, string> GatewayRequestExample = new(StringComparer.Ordinal)
    {
        ["app_id"] = AlipaySandboxSetup.AppId, ["method"] = AlipayClient.QueryMethod, ["format"] = AlipayGateway.Format, ["charset"] = AlipayGateway.Charset,
        ["sign_type"] = AlipaySigner.SignType, ["timestamp"] = "2026-06-01 16:05:00", ["version"] = AlipayGateway.Version,
        ["biz_content"] = """{"out_trade_no":"P7214567890987654321"}""", ["sign"] = "<base64 RSA2 signature>",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(AlipaySandbox.BasePath).WithTags("Sandbox");
        sandbox.MapPost(AlipaySandbox.GatewayPath, GatewayAsync)
            .WithName("SandboxAlipayGateway")
            .WithSummary("SANDBOX ONLY (not Alipay): imitates the gateway's alipay.trade.query, alipay.trade.close, alipay.trade.refund and " +
                "alipay.data.dataservice.bill.downloadurl.query (see the bill download); verifies our " +
                "RSA2 signature, answers signed from the trades and refunds the sandbox keeps (refund: fund_change Y the first time an out_request_no is seen)")
            .DisableAntiforgery()
            .Accepts<Dictionary<string, string>>("application/x-www-form-urlencoded")
            .Produces<string>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status400BadRequest)
            .WithRequestExample(GatewayRequestExample)
            .WithResponseExample(GatewayResponseExample);
        AlipaySandboxBills.Map(sandbox);
        sandbox.MapPost("/pay", PayAsync)
            .WithName("SandboxAlipayPay")
            .WithSummary("SANDBOX ONLY (not Alipay): \"the buyer pays\" — posts a signed TRADE_SUCCESS form to our Alipay notify URL and returns what it answered")
            .WithDescription("delayMs waits before sending; duplicates sends that many identical copies at once; corruptSignature breaks the signature; " +
                "amountFen reports a different amount than the payment's; dropNotification marks the trade paid without notifying us (a lost notification, " +
                "for reconciliation to find). 404 when no Alipay payment has outTradeNo; 409 trade_closed when the trade was closed (alipay.trade.close).")
            .Validate<SandboxPayRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new SandboxPayRequest("P7214567890987654321", null, null, null, null))
            .WithResponseExample(new SandboxPayResponse("5b0f1e9c3a7d4e2f8a6b0c1d2e3f4a5b", "2026000000000000000000000001",
                "http://127.0.0.1:5080" + AlipayEndpoints.NotifyPath, [new SandboxDelivery(200, AlipayNotify.Success)]));
    }

    private static async Task<Results<Ok<SandboxPayResponse>, ProblemHttpResult>> PayAsync(SandboxPayRequest request, AlipaySandboxGateway gateway,
        AlipaySandboxTrades trades, AlipayEndpoints endpoints, IOptions<AlipayOptions> options, CirculaDbContext db, IHttpClientFactory http, CancellationToken ct)
    {
        var outTradeNo = request.OutTradeNo.Trim();
        var amountFen = await db.Set<Payment>().AsNoTracking().Where(p => p.Provider == AlipayProvider.Name && p.OutTradeNo == outTradeNo)
            .Select(p => (long?)p.AmountFen).FirstOrDefaultAsync(ct);
        if (amountFen is null)
        {
            return ApiProblems.NotFound("Alipay payment");
        }

        if (await trades.FindAsync(outTradeNo, ct) is { TradeStatus: AlipaySandboxTrade.Closed })
        {
            // As Alipay does: the cashier refuses a closed trade (交易已关闭), so no money moves.
            return ApiProblems.Conflict(WeChatPaySandbox.SandboxTradeClosed, $"The sandbox Alipay trade {outTradeNo} is closed; it cannot be paid.");
        }

        if (request.DelayMs is > 0)
        {
            // Real time on purpose: this imitates the network and the buyer, not business time.
            await Task.Delay(request.DelayMs.Value, ct);
        }

        var form = gateway.Build(options.Value.AppId!, outTradeNo, request.AmountFen ?? amountFen.Value, corruptSignature: request.CorruptSignature == true);
        var notifyUrl = endpoints.NotifyUrl;
        if (request.DropNotification == true)
        {
            await trades.MarkPaidAsync(outTradeNo, form.TradeNo, amountFen.Value, ct);
            return TypedResults.Ok(new SandboxPayResponse(form.NotifyId, form.TradeNo, notifyUrl, []));
        }

        var client = http.CreateClient(HttpClientName);
        var deliveries = await Task.WhenAll(Enumerable.Range(0, request.Duplicates ?? 1).Select(_ => SendAsync(client, notifyUrl, form, ct)));
        if (request.CorruptSignature != true && request.AmountFen is null)
        {
            // After the deliveries, so a query never answers TRADE_SUCCESS before the notification was handled; a forged or
            // wrong-amount notification does not stand for a real payment.
            await trades.MarkPaidAsync(outTradeNo, form.TradeNo, amountFen.Value, ct);
        }

        return TypedResults.Ok(new SandboxPayResponse(form.NotifyId, form.TradeNo, notifyUrl, deliveries));
    }

    private static async Task<IResult> GatewayAsync(HttpContext context, AlipaySandboxGateway gateway, AlipaySandboxTrades trades, SandboxBillFiles files,
        IOptions<AlipayOptions> options, CirculaDbContext db, CancellationToken ct)
    {
        // As the gateway does: the official SDKs put the common parameters (sign included) in the query string and
        // biz_content in the form body; the signature covers both.
        var parameters = context.Request.Query.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        if (context.Request.HasFormContentType)
        {
            foreach (var (key, value) in await context.Request.ReadFormAsync(ct))
            {
                // The same value in both (charset=utf-8 in the URL and the form, as our client sends it) is one parameter.
                if (!parameters.TryAdd(key, value.ToString()) && parameters[key] != value.ToString())
                {
                    return TypedResults.BadRequest();
                }
            }
        }

        var method = parameters.GetValueOrDefault("method") ?? "";
        if (method is not (AlipayClient.QueryMethod or AlipayClient.CloseMethod or AlipayClient.RefundMethod or AlipayClient.BillDownloadUrlMethod))
        {
            return Error(gateway, "isv.invalid-method", "不存在的方法名");
        }

        if (parameters.GetValueOrDefault("app_id") != options.Value.AppId)
        {
            return Error(gateway, "isv.invalid-app-id", "无效的AppID参数");
        }

        if (!gateway.IsSignedByApp(parameters))
        {
            return Error(gateway, "isv.invalid-signature", "验签出错");
        }

        if (method == AlipayClient.RefundMethod)
        {
            return await RefundAsync(gateway, trades, method, parameters, db, ct);
        }

        if (method == AlipayClient.BillDownloadUrlMethod)
        {
            return await AlipaySandboxBills.DownloadUrlAsync(context, gateway, trades, files, parameters.GetValueOrDefault("biz_content"));
        }

        string? outTradeNo;
        try
        {
            outTradeNo = JsonNode.Parse(parameters.GetValueOrDefault("biz_content") ?? "")?["out_trade_no"]?.GetValue<string>();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            outTradeNo = null;
        }

        var amountFen = outTradeNo is null ? null : await db.Set<Payment>().AsNoTracking().Where(p => p.Provider == AlipayProvider.Name && p.OutTradeNo == outTradeNo)
            .Select(p => (long?)p.AmountFen).FirstOrDefaultAsync(ct);
        if (amountFen is null)
        {
            return Answer(gateway, method, Failure("40004", AlipayError.TradeNotExist, "交易不存在"));
        }

        if (method == AlipayClient.CloseMethod)
        {
            return await trades.CloseAsync(outTradeNo!, amountFen.Value, ct)
                ? Answer(gateway, method, new JsonObject { ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["out_trade_no"] = outTradeNo })
                : Answer(gateway, method, Failure("40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法"));
        }

        // A trade the buyer never opened does not exist at Alipay yet.
        if (await trades.FindAsync(outTradeNo!, ct) is not { } trade)
        {
            return Answer(gateway, method, Failure("40004", AlipayError.TradeNotExist, "交易不存在"));
        }

        var node = new JsonObject
        {
            ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["trade_no"] = trade.TradeNo ?? "2026" + outTradeNo, ["out_trade_no"] = outTradeNo,
            ["trade_status"] = trade.TradeStatus, ["total_amount"] = AlipayAmount.FormatYuan(trade.AmountFen),
        };
        if (trade.TradeStatus == AlipaySandboxTrade.Success)
        {
            node["buyer_user_id"] = "2088000000000001";
            node["send_pay_date"] = AlipayGateway.Timestamp(trade.At);
        }

        return Answer(gateway, method, node);
    }

    internal static JsonObject Failure(string code, string subCode, string subMessage) =>
        new() { ["code"] = code, ["msg"] = "Business Failed", ["sub_code"] = subCode, ["sub_msg"] = subMessage };

    internal static IResult Answer(AlipaySandboxGateway gateway, string method, JsonObject node) =>
        TypedResults.Text(gateway.SignedResponse(AlipayResponse.NodeName(method), node), "application/json", Encoding.UTF8);

    /// <summary>A request the gateway cannot take (unknown method, app_id, signature): Alipay answers it in <c>error_response</c>, signed.</summary>
    private static IResult Error(AlipaySandboxGateway gateway, string subCode, string subMessage) =>
        TypedResults.Text(gateway.SignedResponse(AlipayResponse.ErrorNode,
                new JsonObject { ["code"] = "40002", ["msg"] = "Invalid Arguments", ["sub_code"] = subCode, ["sub_msg"] = subMessage }),
            "application/json", Encoding.UTF8);

    private static async Task<IResult> RefundAsync(AlipaySandboxGateway gateway, AlipaySandboxTrades trades, string method, Dictionary<string, string> parameters,
        CirculaDbContext db, CancellationToken ct)
    {
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
            .FirstOrDefaultAsync(p => p.Provider == AlipayProvider.Name && p.OutTradeNo == outTradeNo && p.Status == PaymentStatus.Succeeded, ct);
        if (payment is null)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", AlipayError.TradeNotExist, "交易不存在"));
        }

        if (!biz.RootElement.TryGetProperty("refund_amount", out var amount) || !AlipayAmount.TryParseFen(amount.GetString(), out var refundFen) ||
            refundFen < 1 || refundFen > payment.AmountFen)
        {
            return Answer(gateway, method, Error("40004", "Business Failed", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"));
        }

        var (fundChanged, refundedFen) = await trades.RefundAsync(outTradeNo, outRequestNo, refundFen, ct);
        return Answer(gateway, method, new JsonObject
        {
            ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["trade_no"] = payment.ProviderTransactionId, ["out_trade_no"] = outTradeNo,
            ["buyer_logon_id"] = "sbx***@sandbox.com", ["fund_change"] = fundChanged ? "Y" : "N", ["refund_fee"] = AlipayAmount.FormatYuan(refundedFen),
            ["gmt_refund_pay"] = gateway.Timestamp(),
        });
    }

    private static JsonObject Error(string code, string msg, string subCode, string subMsg) =>
        new() { ["code"] = code, ["msg"] = msg, ["sub_code"] = subCode, ["sub_msg"] = subMsg };


    /// <summary>Posts the form as Alipay does (application/x-www-form-urlencoded, UTF-8).</summary>
    public static async Task<SandboxDelivery> SendAsync(HttpClient client, string notifyUrl, AlipaySandboxGateway.SignedForm form, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, notifyUrl) { Content = new FormUrlEncodedContent(form.Fields) };
        message.Headers.UserAgent.ParseAdd("Mozilla/4.0 (Alipay-Sandbox)");
        return await SandboxDelivery.SendAsync(client, message, ct);
    }
}
