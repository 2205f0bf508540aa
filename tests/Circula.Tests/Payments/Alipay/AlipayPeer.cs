using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Circula.Payments.Alipay;
using Circula.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Payments.Alipay;

/// <summary>
/// A loopback stand-in for openapi.alipay.com/gateway.do. It checks a request the way Alipay does (common parameters,
/// then SHA256withRSA over every parameter but <c>sign</c> with the application's public key) and answers signed with
/// its own key, its JSON written by hand with spaces and a Chinese field so only the exact raw node verifies.
/// Special <c>out_trade_no</c> values make it misbehave in the ways the client must survive.
/// </summary>
public sealed class AlipayPeer(RSA appPublicKey, RSA peerPrivateKey) : IAsyncDisposable
{
    public const string TradeNo = "2026010122001400000000000001";

    private WebApplication? _app;

    /// <summary>Every request's form fields, and whether its signature verified.</summary>
    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Fields, bool SignatureValid)> Calls { get; } = new();

    public string GatewayUrl { get; private set; } = "";

    public async Task StartAsync()
    {
        (_app, var baseUrl) = await LoopbackPeer.StartAsync(app => app.MapPost("/gateway.do", AnswerAsync));
        GatewayUrl = baseUrl + "/gateway.do";
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!AlipayNotificationVerifier.TryReadForm(form, out var fields).Succeeded || context.Request.Query["charset"] != "utf-8")
        {
            context.Response.StatusCode = 400;
            return;
        }

        var method = fields.GetValueOrDefault("method") ?? "";
        var signatureValid = AlipaySigner.Verify(AlipaySignContent.Build(fields!, ["sign"]), fields.GetValueOrDefault("sign"), appPublicKey);
        Calls.Enqueue((fields, signatureValid));

        var outTradeNo = "";
        string node;
        if (fields.GetValueOrDefault("app_id") != AlipayTestKeys.AppId || fields.GetValueOrDefault("format") != "JSON" ||
            fields.GetValueOrDefault("charset") != "utf-8" || fields.GetValueOrDefault("version") != "1.0" ||
            !DateTime.TryParseExact(fields.GetValueOrDefault("timestamp"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            node = Error("40002", "Invalid Arguments", "isv.invalid-parameter", "参数无效");
        }
        else if (fields.GetValueOrDefault("sign_type") != "RSA2")
        {
            node = Error("40002", "Invalid Arguments", "isv.invalid-signature-type", "无效签名类型");
        }
        else if (!signatureValid)
        {
            node = Error("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错");
        }
        else
        {
            using var biz = JsonDocument.Parse(fields.GetValueOrDefault("biz_content") ?? "{}");
            outTradeNo = biz.RootElement.TryGetProperty("out_trade_no", out var o) ? o.GetString() ?? "" : "";
            node = (method, outTradeNo) switch
            {
                (_, "missing") => Error("40004", "Business Failed", AlipayError.TradeNotExist, "交易不存在"),
                (AlipayClient.QueryMethod, _) =>
                    $$"""{"code": "10000", "msg": "Success", "buyer_logon_id": "138******00", "buyer_pay_amount": "88.88", "buyer_user_id": "2088102177846880", "out_trade_no": "{{outTradeNo}}", "point_amount": "0.00", "receipt_amount": "88.88", "send_pay_date": "2026-01-01 12:00:01", "store_name": "循环小店 \/ 旧物", "total_amount": "88.88", "trade_no": "{{TradeNo}}", "trade_status": "TRADE_SUCCESS"}""",
                (AlipayClient.CloseMethod, _) => $$"""{"code":"10000","msg":"Success","trade_no":"{{TradeNo}}","out_trade_no":"{{outTradeNo}}"}""",
                (AlipayClient.RefundMethod, _) =>
                    $$"""{"code":"10000","msg":"Success","trade_no":"{{TradeNo}}","out_trade_no":"{{outTradeNo}}","buyer_logon_id":"138******00","fund_change":"Y","refund_fee":"{{biz.RootElement.GetProperty("refund_amount").GetString()}}","gmt_refund_pay":"2026-01-02 09:30:00"}""",
                _ => Error("40004", "Business Failed", "isv.invalid-method", "不存在的方法名"),
            };
        }

        if (outTradeNo == "html")
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>502 Bad Gateway</html>");
            return;
        }

        // Like the gateway: answers go in the method's node, an unknown method gets error_response.
        var nodeName = method is AlipayClient.QueryMethod or AlipayClient.CloseMethod or AlipayClient.RefundMethod
            ? AlipayResponse.NodeName(method)
            : AlipayResponse.ErrorNode;
        var signature = AlipaySigner.Sign(node, outTradeNo == "stranger" ? AlipayTestKeys.Stranger : peerPrivateKey);
        var body = outTradeNo switch
        {
            // Signed over the true answer, delivered with a changed status: a man in the middle.
            "tampered" => $$"""{"{{nodeName}}":{{node.Replace("TRADE_SUCCESS", "TRADE_FINISHED", StringComparison.Ordinal)}},"sign":"{{signature}}"}""",
            // Same JSON, re-serialized without the spaces: semantically equal, textually not what was signed.
            "reserialized" => $$"""{"{{nodeName}}":{{JsonSerializer.Serialize(JsonDocument.Parse(node).RootElement)}},"sign":"{{signature}}"}""",
            "unsigned" => $$"""{"{{nodeName}}":{{node}}}""",
            "two-nodes" => $$"""{"{{nodeName}}":{{node}},"error_response":{{node}},"sign":"{{signature}}"}""",
            _ => $$"""{"{{nodeName}}":{{node}},"sign":"{{signature}}"}""",
        };
        context.Response.ContentType = "text/html;charset=utf-8";
        await context.Response.WriteAsync(body);
    }

    private static string Error(string code, string msg, string subCode, string subMsg) =>
        $$"""{"code":"{{code}}","msg":"{{msg}}","sub_code":"{{subCode}}","sub_msg":"{{subMsg}}"}""";

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
