using System.Globalization;
using System.Security.Cryptography;
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

/// <summary>SANDBOX: this server playing Alipay's asynchronous notifications, signed with the sandbox's "Alipay" key.</summary>
public sealed class AlipaySandboxGateway
{
    private readonly RSA _alipayKey = RSA.Create();
    private readonly TimeProvider _clock;

    public AlipaySandboxGateway(IOptions<CirculaOptions> circula, TimeProvider clock)
    {
        _alipayKey.ImportFromPem(AlipaySandboxSetup.Load(circula.Value.DataDirectory).AlipayPrivateKeyPem);
        _clock = clock;
    }

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

    /// <summary>Posts the form as Alipay does (application/x-www-form-urlencoded, UTF-8).</summary>
    public static async Task<SandboxDelivery> SendAsync(HttpClient client, string notifyUrl, AlipaySandboxGateway.SignedForm form, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, notifyUrl) { Content = new FormUrlEncodedContent(form.Fields) };
        message.Headers.UserAgent.ParseAdd("Mozilla/4.0 (Alipay-Sandbox)");
        using var response = await client.SendAsync(message, ct);
        return new SandboxDelivery((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }
}
