using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Circula.Payments.Alipay;
using Circula.Payments.Endpoints;
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
/// Special <c>out_trade_no</c> values make it misbehave in the ways the client must survive. It also serves the trade
/// bills put in <see cref="Bills"/>: <c>alipay.data.dataservice.bill.downloadurl.query</c> and an unsigned download.
/// </summary>
/// <param name="certificates">Certificate mode: the serial numbers requests must carry and answers name.</param>
public sealed class AlipayPeer(RSA appPublicKey, RSA peerPrivateKey, AlipayPeerCertificates? certificates = null) : IAsyncDisposable
{
    public const string TradeNo = "2026010122001400000000000001";

    private WebApplication? _app;

    /// <summary>Every request's form fields, and whether its signature verified.</summary>
    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Fields, bool SignatureValid)> Calls { get; } = new();

    public string GatewayUrl { get; private set; } = "";

    public const string BillDownloadPath = "/downloadBillFile.resource";

    /// <summary>The trade bill zip served for a bill date (yyyy-MM-dd); a date without one answers <c>isp.bill_not_exist</c>.</summary>
    public ConcurrentDictionary<string, byte[]> Bills { get; } = new(StringComparer.Ordinal);

    /// <summary>The bill downloads asked for (their query strings): unsigned GETs, as Alipay serves them.</summary>
    public ConcurrentQueue<string> Downloads { get; } = new();

    private string _baseUrl = "";

    public async Task StartAsync()
    {
        (_app, _baseUrl) = await LoopbackPeer.StartAsync(app =>
        {
            app.MapPost("/gateway.do", AnswerAsync);
            app.MapGet(BillDownloadPath, DownloadBill);
        });
        GatewayUrl = _baseUrl + "/gateway.do";
    }

    private IResult DownloadBill(HttpContext context, string? date)
    {
        Downloads.Enqueue(context.Request.QueryString.Value ?? "");
        return date is not null && Bills.TryGetValue(date, out var zip) ? Results.File(zip, "application/octet-stream") : Results.NotFound();
    }

    /// <summary>Like the gateway: the day's download link, or isp.bill_not_exist when there is no bill.</summary>
    private string BillLocation(JsonElement biz)
    {
        var date = biz.TryGetProperty("bill_date", out var d) ? d.GetString() ?? "" : "";
        if (!biz.TryGetProperty("bill_type", out var type) || type.GetString() != "trade")
        {
            return Error("40004", "Business Failed", "isv.invalid-arguments", "参数无效");
        }

        return Bills.ContainsKey(date)
            ? $$"""{"code":"10000","msg":"Success","bill_download_url":"{{_baseUrl}}{{BillDownloadPath}}?bizType=trade&date={{date}}&token=t{{date.Replace("-", "", StringComparison.Ordinal)}}"}"""
            : Error("40004", "Business Failed", AlipayError.BillNotExist, "账单不存在");
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (AlipayNotify.TryReadFields(form) is not { } fields || context.Request.Query["charset"] != "utf-8")
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
        else if (certificates is not null && fields.GetValueOrDefault("app_cert_sn") != certificates.AppCertSn)
        {
            // The sub codes of certificate-mode refusals are this peer's own wording.
            node = Error("40002", "Invalid Arguments", "isv.invalid-app-cert-sn", "应用公钥证书序列号不匹配");
        }
        else if (certificates is not null && fields.GetValueOrDefault("alipay_root_cert_sn") != certificates.RootCertSn)
        {
            node = Error("40002", "Invalid Arguments", "isv.invalid-alipay-root-cert-sn", "支付宝根证书序列号不匹配");
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
                (AlipayClient.BillDownloadUrlMethod, _) => BillLocation(biz.RootElement),
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
        var nodeName = method is AlipayClient.QueryMethod or AlipayClient.CloseMethod or AlipayClient.RefundMethod or AlipayClient.BillDownloadUrlMethod
            ? AlipayResponse.NodeName(method)
            : AlipayResponse.ErrorNode;
        var (signer, certSn) = outTradeNo switch
        {
            "stranger" => (AlipayTestKeys.Stranger, certificates?.AlipayCertSn),
            // Alipay rotated its certificate: the new key signs, and the answer names the new certificate.
            "rotated" => (certificates?.NextKey ?? peerPrivateKey, certificates?.NextAlipayCertSn),
            "unknown-cert" => (peerPrivateKey, "0123456789abcdef0123456789abcdef"),
            // Names the next certificate but is signed with the current key.
            "wrong-cert" => (peerPrivateKey, certificates?.NextAlipayCertSn),
            _ => (peerPrivateKey, certificates?.AlipayCertSn),
        };
        var signature = AlipaySigner.Sign(node, signer);
        var trailer = certSn is null ? "" : $",\"alipay_cert_sn\":\"{certSn}\"";
        var body = outTradeNo switch
        {
            // Signed over the true answer, delivered with a changed status: a man in the middle.
            "tampered" => $$"""{"{{nodeName}}":{{node.Replace("TRADE_SUCCESS", "TRADE_FINISHED", StringComparison.Ordinal)}},"sign":"{{signature}}"{{trailer}}}""",
            // Same JSON, re-serialized without the spaces: semantically equal, textually not what was signed.
            "reserialized" => $$"""{"{{nodeName}}":{{JsonSerializer.Serialize(JsonDocument.Parse(node).RootElement)}},"sign":"{{signature}}"{{trailer}}}""",
            "unsigned" => $$"""{"{{nodeName}}":{{node}}}""",
            "two-nodes" => $$"""{"{{nodeName}}":{{node}},"error_response":{{node}},"sign":"{{signature}}"{{trailer}}}""",
            _ => $$"""{"{{nodeName}}":{{node}},"sign":"{{signature}}"{{trailer}}}""",
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

/// <summary>What a certificate-mode peer expects in requests (<c>app_cert_sn</c>, <c>alipay_root_cert_sn</c>) and names in answers.</summary>
public sealed record AlipayPeerCertificates(string AppCertSn, string RootCertSn, string AlipayCertSn, string NextAlipayCertSn, RSA NextKey);
