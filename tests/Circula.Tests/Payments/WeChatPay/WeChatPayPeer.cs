using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>
/// A loopback stand-in for api.mch.weixin.qq.com. It checks every request's Authorization header as WeChat Pay does
/// (scheme, mchid, serial_no, nonce, a timestamp within 5 minutes, and SHA256withRSA over the method, the raw request
/// target, timestamp, nonce and raw body, verified with the merchant's PUBLIC key only) and answers 401 SIGN_ERROR
/// otherwise. Answers are signed with its own platform key under a public key id. Special out_trade_no values make it
/// misbehave in the ways a client must not trust.
/// </summary>
public sealed partial class WeChatPayPeer : IAsyncDisposable
{
    public const string MchId = "1900007291";
    public const string AppId = "wxd678efh567hg6787";
    public const string MerchantSerial = "3775B6A45ACD588826D15E583A95F5DD2C1B7F10";
    public const string PublicKeyId = "PUB_KEY_ID_0119000072912025061500000000000001";
    public const string ApiV3Key = "0123456789abcdefghijklmnopqrstuv";

    private readonly RSA _merchantPublicKey = RSA.Create();
    private readonly RSA _platformKey = RSA.Create(2048);
    private WebApplication? _app;

    public WeChatPayPeer()
    {
        _merchantPublicKey.ImportSubjectPublicKeyInfo(MerchantKey.ExportSubjectPublicKeyInfo(), out _);
    }

    /// <summary>The merchant's key pair, generated here: the client signs with the private half, the peer holds only the public half.</summary>
    public RSA MerchantKey { get; } = RSA.Create(2048);

    public string PlatformPublicKeyPem => _platformKey.ExportSubjectPublicKeyInfoPem();

    public string BaseUrl { get; private set; } = "";

    public ConcurrentQueue<PeerCall> Calls { get; } = new();

    /// <summary>Trade bills by bill date (yyyy-MM-dd): the file's text, and whether to announce a wrong SHA1 for it.</summary>
    public ConcurrentDictionary<string, PeerBill> Bills { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Error answers to give for an out_trade_no: signed as WeChat Pay signs them, or unsigned, as only a proxy or a forger
    /// in the path would answer a well-signed request.
    /// </summary>
    public ConcurrentDictionary<string, PeerError> Errors { get; } = new(StringComparer.Ordinal);

    public sealed record PeerError(int Status, string Code, bool Signed);

    /// <summary>Platform-certificate mode: the certificates <c>/v3/certificates</c> lists, encrypted with <see cref="ApiV3Key"/>.</summary>
    public ConcurrentQueue<X509Certificate2> PlatformCertificates { get; } = new();

    /// <summary>Platform-certificate mode: the serial and key answers are signed with, instead of the public key id's.</summary>
    public (string Serial, RSA Key)? AnswerSigner { get; set; }

    /// <summary>Makes the certificate list's ciphertexts fail their authentication tag, as a tampered list would.</summary>
    public bool TamperCertificateList { get; set; }

    public sealed record PeerBill(string Text, bool WrongHash = false);

    /// <summary>Merchant transfer bills by out_bill_no: their state (WAIT_USER_CONFIRM once created) and amount.</summary>
    public ConcurrentDictionary<string, (string State, long Amount)> Transfers { get; } = new(StringComparer.Ordinal);

    public sealed record PeerCall(string Method, string Target, string Body, string? Rejection, string? WechatpaySerial, string? UserAgent, string? Accept);

    public async Task StartAsync()
    {
        (_app, var baseUrl) = await LoopbackPeer.StartAsync(app => app.Run(AnswerAsync));
        BaseUrl = baseUrl;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = Encoding.UTF8.GetString(buffer.ToArray());

        var rejection = CheckAuthorization(request.Method, target, body, request.Headers.Authorization.ToString());
        Calls.Enqueue(new PeerCall(request.Method, target, body, rejection, request.Headers["Wechatpay-Serial"].ToString(),
            request.Headers.UserAgent.ToString(), request.Headers.Accept.ToString()));
        if (rejection is not null)
        {
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "SIGN_ERROR", "签名错误: " + rejection);
            return;
        }

        var path = request.Path.Value ?? "";
        if (request.Method == "GET" && await AnswerBillAsync(context, path))
        {
            return;
        }

        if (request.Method == "GET" && path == WeChatPayClient.CertificatesPath)
        {
            await SignedAsync(context, "", StatusCodes.Status200OK, CertificateList());
            return;
        }

        var outTradeNo = OrderInPath().Match(path) is { Success: true } inPath ? inPath.Groups["no"].Value
            : TransferInPath().Match(path) is { Success: true } transfer ? transfer.Groups["no"].Value
            : request.Method == "POST" && body.Length > 0 ? OutTradeNo(body) : "";
        if (Errors.TryGetValue(outTradeNo, out var error))
        {
            await (error.Signed
                ? SignedErrorAsync(context, error.Status, error.Code, "set by the test")
                : ErrorAsync(context, error.Status, error.Code, "set by the test"));
            return;
        }

        switch (outTradeNo)
        {
            case "param-error":
                await SignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误");
                return;
            case "missing":
                await SignedErrorAsync(context, StatusCodes.Status404NotFound, "ORDER_NOT_EXIST", "订单不存在");
                return;
        }

        var answer = (request.Method, path) switch
        {
            ("POST", "/v3/pay/transactions/jsapi") => JsonSerializer.Serialize(new { prepay_id = "wx" + outTradeNo }),
            ("POST", "/v3/pay/transactions/native") => JsonSerializer.Serialize(new { code_url = "weixin://wxpay/bizpayurl?pr=" + outTradeNo }),
            ("POST", "/v3/refund/domestic/refunds") => RefundAnswer(body),
            ("POST", WeChatPayClient.TransferBillsPath) => TransferCreated(body),
            ("POST", _) when TransferInPath().IsMatch(path) && path.EndsWith("/cancel", StringComparison.Ordinal) => TransferCancelled(outTradeNo),
            ("GET", _) when TransferInPath().IsMatch(path) => TransferAnswer(outTradeNo),
            ("POST", _) when path.EndsWith("/close", StringComparison.Ordinal) => "",
            ("GET", _) when request.Query["mchid"] == MchId => TransactionAnswer(outTradeNo),
            _ => null,
        };
        if (answer is null)
        {
            await SignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "unknown request");
            return;
        }

        await SignedAsync(context, outTradeNo, answer.Length == 0 ? StatusCodes.Status204NoContent : StatusCodes.Status200OK, answer);
    }

    /// <summary>
    /// The two bill calls: <c>/v3/bill/tradebill</c> answers (signed) where to download the bill of bill_date and its SHA1;
    /// <c>/v3/billdownload/file</c> answers the file's bytes, unsigned, as WeChat Pay does. False for any other path.
    /// </summary>
    private async Task<bool> AnswerBillAsync(HttpContext context, string path)
    {
        if (path == "/v3/bill/tradebill")
        {
            var date = context.Request.Query["bill_date"].ToString();
            if (context.Request.Query["bill_type"] != "ALL" || !Bills.TryGetValue(date, out var bill))
            {
                await SignedErrorAsync(context, StatusCodes.Status400BadRequest, "NO_STATEMENT_EXIST", "账单不存在");
                return true;
            }

            var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(bill.Text)));
            var announced = bill.WrongHash ? new string(sha1.Reverse().ToArray()) : sha1;
            var answer = JsonSerializer.Serialize(new { hash_type = "SHA1", hash_value = announced, download_url = $"{BaseUrl}/v3/billdownload/file?token=bill-{date}" });
            await SignedAsync(context, "", StatusCodes.Status200OK, answer);
            return true;
        }

        if (path == "/v3/billdownload/file")
        {
            var token = context.Request.Query["token"].ToString();
            if (!token.StartsWith("bill-", StringComparison.Ordinal) || !Bills.TryGetValue(token["bill-".Length..], out var bill))
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "下载地址已失效");
                return true;
            }

            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(bill.Text));
            return true;
        }

        return false;
    }

    /// <summary>Null when the header is what WeChat Pay accepts, else why not.</summary>
    private string? CheckAuthorization(string method, string target, string body, string header)
    {
        const string scheme = "WECHATPAY2-SHA256-RSA2048 ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "scheme";
        }

        var items = AuthorizationItem().Matches(header[scheme.Length..]).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        if (!items.Keys.Order(StringComparer.Ordinal).SequenceEqual(["mchid", "nonce_str", "serial_no", "signature", "timestamp"]))
        {
            return "items";
        }

        if (items["mchid"] != MchId || items["serial_no"] != MerchantSerial || items["nonce_str"].Length == 0)
        {
            return "mchid, serial_no or nonce_str";
        }

        if (!long.TryParse(items["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ||
            Math.Abs(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - timestamp) >= 300)
        {
            return "timestamp";
        }

        var message = $"{method}\n{target}\n{items["timestamp"]}\n{items["nonce_str"]}\n{body}\n";
        var signature = new byte[items["signature"].Length];
        return Convert.TryFromBase64String(items["signature"], signature, out var length) &&
            _merchantPublicKey.VerifyData(Encoding.UTF8.GetBytes(message), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            ? null
            : "signature";
    }

    private async Task SignedAsync(HttpContext context, string outTradeNo, int status, string answer)
    {
        var sent = outTradeNo == "not-json" ? "<html>502 Bad Gateway</html>" : answer;
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - (outTradeNo == "stale" ? 600 : 0);
        var signed = outTradeNo == "tampered-body" ? answer.Replace("wx", "wy", StringComparison.Ordinal) : sent;
        var (serial, key) = AnswerSigner ?? (PublicKeyId, _platformKey);
        var headers = WeChatPayTestKit.SignAsWeChatPay(key, outTradeNo == "unknown-serial" ? "PUB_KEY_ID_0000000000000000000000000000000000" : serial,
            timestamp, RandomNumberGenerator.GetHexString(32), Encoding.UTF8.GetBytes(signed));
        var signature = outTradeNo == "bad-signature" ? "WECHATPAY/SIGNTEST/" + headers.Signature : headers.Signature;

        var response = context.Response;
        response.StatusCode = status;
        response.Headers["Request-ID"] = "08F78BB5AF0610D302A4B2ED1C06FAE4" + outTradeNo.Length.ToString(CultureInfo.InvariantCulture);
        response.Headers[WeChatPaySignatureHeaders.TimestampHeader] = headers.Timestamp;
        response.Headers[WeChatPaySignatureHeaders.NonceHeader] = headers.Nonce;
        response.Headers[WeChatPaySignatureHeaders.SignatureHeader] = signature;
        response.Headers[WeChatPaySignatureHeaders.SerialHeader] = headers.Serial;
        if (sent.Length > 0)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(sent);
        }
    }

    /// <summary>What <c>/v3/certificates</c> answers: each certificate's PEM sealed with AEAD_AES_256_GCM under the APIv3 key.</summary>
    private string CertificateList() => JsonSerializer.Serialize(new
    {
        data = PlatformCertificates.Select(certificate =>
        {
            var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 12);
            var plaintext = Encoding.UTF8.GetBytes(certificate.ExportCertificatePem());
            var sealedBytes = new byte[plaintext.Length + 16];
            using var aes = new AesGcm(Encoding.ASCII.GetBytes(ApiV3Key), 16);
            aes.Encrypt(Encoding.UTF8.GetBytes(nonce), plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length),
                Encoding.UTF8.GetBytes(WeChatPayPlatformCertificateDownload.AssociatedData));
            if (TamperCertificateList)
            {
                sealedBytes[0] ^= 1;
            }

            return new
            {
                serial_no = certificate.SerialNumber,
                effective_time = certificate.NotBefore.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
                expire_time = certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture),
                encrypt_certificate = new
                {
                    algorithm = WeChatPayResourceDecryptor.Algorithm,
                    nonce,
                    associated_data = WeChatPayPlatformCertificateDownload.AssociatedData,
                    ciphertext = Convert.ToBase64String(sealedBytes),
                },
            };
        }),
    });

    /// <summary>An error answer to a well-signed request: WeChat Pay signs it like any other answer.</summary>
    private Task SignedErrorAsync(HttpContext context, int status, string code, string message) =>
        SignedAsync(context, "", status, JsonSerializer.Serialize(new { code, message }));

    /// <summary>An unsigned error answer, as WeChat Pay gives only to a request whose own signature failed (401 SIGN_ERROR).</summary>
    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Request-ID"] = "08F78BB5AF0610D302A4B2ED1C06FAE4ERR";
        await context.Response.WriteAsJsonAsync(new { code, message });
    }

    private static string OutTradeNo(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("out_trade_no", out var no) || json.RootElement.TryGetProperty("out_bill_no", out no) ? no.GetString() ?? "" : "";
    }

    private static string TransactionAnswer(string outTradeNo) => JsonSerializer.Serialize(new
    {
        appid = AppId,
        mchid = MchId,
        out_trade_no = outTradeNo,
        transaction_id = "4200000985202506150000000001",
        trade_type = "JSAPI",
        trade_state = "SUCCESS",
        trade_state_desc = "支付成功",
        success_time = "2025-06-15T23:06:40+08:00",
        payer = new { openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
        amount = new { total = 4200, payer_total = 4100, currency = "CNY", payer_currency = "CNY" },
    });

    private static string RefundAnswer(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var amount = root.GetProperty("amount");
        return JsonSerializer.Serialize(new
        {
            refund_id = "50000000382019052709732678859",
            out_refund_no = root.GetProperty("out_refund_no").GetString(),
            transaction_id = "4200000985202506150000000001",
            out_trade_no = root.GetProperty("out_trade_no").GetString(),
            channel = "ORIGINAL",
            user_received_account = "招商银行信用卡0403",
            create_time = "2025-06-16T10:00:00+08:00",
            status = "PROCESSING",
            funds_account = "AVAILABLE",
            amount = new { total = amount.GetProperty("total").GetInt64(), refund = amount.GetProperty("refund").GetInt64(), payer_total = 4100, payer_refund = 1000, currency = "CNY" },
        });
    }

    /// <summary>A transfer bill as WeChat Pay checks it: our AppID, positive integer fen, a remark of at most 32 characters, the scene's report items; null when not.</summary>
    private string? TransferCreated(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("appid").GetString() != AppId || !root.TryGetProperty("transfer_amount", out var amount) || amount.ValueKind != JsonValueKind.Number ||
            !amount.TryGetInt64(out var fen) || fen <= 0 || root.GetProperty("transfer_remark").GetString() is not { Length: > 0 and <= 32 } ||
            root.GetProperty("transfer_scene_id").GetString() is not { Length: > 0 } || root.GetProperty("openid").GetString() is not { Length: > 0 } ||
            root.GetProperty("transfer_scene_report_infos").GetArrayLength() == 0)
        {
            return null;
        }

        var outBillNo = root.GetProperty("out_bill_no").GetString()!;
        Transfers.TryAdd(outBillNo, ("WAIT_USER_CONFIRM", fen));
        return JsonSerializer.Serialize(new
        {
            out_bill_no = outBillNo,
            transfer_bill_no = "1330000071100999991182020050700019480001",
            create_time = "2026-12-01T12:00:00+08:00",
            state = Transfers[outBillNo].State,
            package_info = "affffddafdfafddffda==wx" + outBillNo,
        });
    }

    private string? TransferAnswer(string outBillNo) => Transfers.TryGetValue(outBillNo, out var bill)
        ? JsonSerializer.Serialize(new
        {
            mchid = MchId, out_bill_no = outBillNo, transfer_bill_no = "1330000071100999991182020050700019480001", appid = AppId, state = bill.State,
            transfer_amount = bill.Amount, transfer_remark = "旧物回收款", openid = "o-MYE42l80oelYMDE34nYD456Xoy",
            create_time = "2026-12-01T12:00:00+08:00", update_time = "2026-12-01T12:00:05+08:00",
        })
        : null;

    private string? TransferCancelled(string outBillNo)
    {
        if (!Transfers.TryGetValue(outBillNo, out var bill))
        {
            return null;
        }

        Transfers[outBillNo] = bill with { State = bill.State == "WAIT_USER_CONFIRM" ? "CANCELLED" : bill.State };
        return JsonSerializer.Serialize(new
        {
            out_bill_no = outBillNo, transfer_bill_no = "1330000071100999991182020050700019480001", state = Transfers[outBillNo].State,
            update_time = "2026-12-01T12:00:05+08:00",
        });
    }

    /// <summary>The MCHTRANSFER.BILL.FINISHED callback WeChat Pay would post for a bill: its resource sealed with the APIv3 key, the body signed now.</summary>
    public (Func<string, string?> Header, byte[] Body) TransferNotification(string outBillNo, string state, string mchId = MchId, string? id = null)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(new
        {
            mchid = mchId, out_bill_no = outBillNo, transfer_bill_no = "1330000071100999991182020050700019480001", state, transfer_amount = Transfers[outBillNo].Amount,
            openid = "o-MYE42l80oelYMDE34nYD456Xoy", create_time = "2026-12-01T12:00:00+08:00", update_time = "2026-12-01T12:01:00+08:00",
        });
        const string nonce = "fdasflkja484";
        var sealedBytes = new byte[plaintext.Length + 16];
        using (var aes = new AesGcm(Encoding.ASCII.GetBytes(ApiV3Key), 16))
        {
            aes.Encrypt(Encoding.ASCII.GetBytes(nonce), plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), Encoding.ASCII.GetBytes("mch_payment"));
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = id ?? "EV-" + outBillNo, create_time = "2026-12-01T12:01:00+08:00", resource_type = "encrypt-resource", event_type = "MCHTRANSFER.BILL.FINISHED",
            summary = "商家转账单据终态通知",
            resource = new { original_type = "mch_payment", algorithm = "AEAD_AES_256_GCM", ciphertext = Convert.ToBase64String(sealedBytes), associated_data = "mch_payment", nonce },
        });
        var headers = WeChatPayTestKit.SignAsWeChatPay(_platformKey, PublicKeyId, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds(), RandomNumberGenerator.GetHexString(32), body);
        return (name => name switch
        {
            WeChatPaySignatureHeaders.TimestampHeader => headers.Timestamp,
            WeChatPaySignatureHeaders.NonceHeader => headers.Nonce,
            WeChatPaySignatureHeaders.SignatureHeader => headers.Signature,
            WeChatPaySignatureHeaders.SerialHeader => headers.Serial,
            _ => null,
        }, body);
    }

    [GeneratedRegex("^/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/(?<no>[^/]+)")]
    private static partial Regex TransferInPath();

    [GeneratedRegex("(?<name>[a-z_]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex AuthorizationItem();

    [GeneratedRegex("^/v3/pay/transactions/out-trade-no/(?<no>[^/]+)")]
    private static partial Regex OrderInPath();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        MerchantKey.Dispose();
        _merchantPublicKey.Dispose();
        _platformKey.Dispose();
    }
}
