using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// Typed client for WeChat Pay API v3: signs every request with the merchant key, sends exactly the text it signed,
/// and trusts an answer only after its <c>Wechatpay-Signature</c> verifies over the raw body: a signed non-2xx answer is a
/// <see cref="WeChatPayErrorKind.Rejected"/> error carrying WeChat Pay's <c>{code, message}</c>, an unsigned one (or any
/// answer whose signature fails) is <see cref="WeChatPayErrorKind.Unverified"/>.
/// </summary>
public sealed class WeChatPayClient(
    HttpClient http,
    IOptions<WeChatPayOptions> options,
    WeChatPayRequestSigner signer,
    WeChatPaySignatureVerifier verifier,
    WeChatPayEndpoints endpoints,
    ILogger<WeChatPayClient> logger)
{
    public const string UserAgent = "Circula-WeChatPay/1.0";
    public const string JsapiPrepayPath = "/v3/pay/transactions/jsapi";
    public const string NativePrepayPath = "/v3/pay/transactions/native";
    public const string RefundPath = "/v3/refund/domestic/refunds";

    public static string QueryByOutTradeNoPath(string outTradeNo, string mchId) =>
        $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(outTradeNo)}?mchid={Uri.EscapeDataString(mchId)}";

    public static string ClosePath(string outTradeNo) => $"/v3/pay/transactions/out-trade-no/{Uri.EscapeDataString(outTradeNo)}/close";

    public const string TransferBillsPath = "/v3/fund-app/mch-transfer/transfer-bills";

    public static string TransferBillPath(string outBillNo) => $"{TransferBillsPath}/out-bill-no/{Uri.EscapeDataString(outBillNo)}";

    public const string TradeBillPath = "/v3/bill/tradebill";
    public const string CertificatesPath = "/v3/certificates";

    /// <summary>The trade bill of one China day, all trades (payments and refunds), not compressed.</summary>
    public static string TradeBillPathAndQuery(string billDate) => $"{TradeBillPath}?bill_date={Uri.EscapeDataString(billDate)}&bill_type=ALL";

    public Task<WeChatPayResult<JsapiPrepayResponse>> JsapiPrepayAsync(JsapiPrepayRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, JsapiPrepayPath, Json(request), ReadJson<JsapiPrepayResponse>, ct);

    public Task<WeChatPayResult<NativePrepayResponse>> NativePrepayAsync(NativePrepayRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, NativePrepayPath, Json(request), ReadJson<NativePrepayResponse>, ct);

    public Task<WeChatPayResult<WeChatPayTransaction>> QueryByOutTradeNoAsync(string outTradeNo, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, QueryByOutTradeNoPath(outTradeNo, options.Value.MchId!), null, ReadJson<WeChatPayTransaction>, ct);

    /// <summary>Closes an unpaid order; WeChat Pay answers a signed 204.</summary>
    public Task<WeChatPayResult<WeChatPayOrderClosed>> CloseAsync(string outTradeNo, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, ClosePath(outTradeNo), Json(new CloseOrderRequest(options.Value.MchId!)),
            _ => new WeChatPayOrderClosed(outTradeNo), ct);

    public Task<WeChatPayResult<WeChatPayRefund>> RefundAsync(RefundRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, RefundPath, Json(request), ReadJson<WeChatPayRefund>, ct);

    /// <summary>Creates a merchant transfer (商家转账) bill; a signed answer with its state and, to be confirmed by the user, package_info.</summary>
    public Task<WeChatPayResult<WeChatPayTransferBill>> CreateTransferBillAsync(TransferBillRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, TransferBillsPath, Json(request), ReadJson<WeChatPayTransferBill>, ct);

    public Task<WeChatPayResult<WeChatPayTransferBill>> QueryTransferBillAsync(string outBillNo, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, TransferBillPath(outBillNo), null, ReadJson<WeChatPayTransferBill>, ct);

    /// <summary>Revokes a bill the user has not confirmed yet; WeChat Pay answers CANCELING or CANCELLED.</summary>
    public Task<WeChatPayResult<WeChatPayTransferBill>> CancelTransferBillAsync(string outBillNo, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, TransferBillPath(outBillNo) + "/cancel", "", ReadJson<WeChatPayTransferBill>, ct);

    /// <summary>Where to download the trade bill of <paramref name="billDate"/> (yyyy-MM-dd, China day), and its SHA1; a signed answer.</summary>
    public Task<WeChatPayResult<WeChatPayBillLocation>> TradeBillAsync(string billDate, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, new Uri(endpoints.BaseUrl + TradeBillPathAndQuery(billDate)), null, (body, _) => ReadJson<WeChatPayBillLocation>(body),
            verifyAnswer: true, ct);

    /// <summary>
    /// The bill file's raw bytes. The request is signed like every call, but WeChat Pay does not sign this answer: the
    /// caller must compare the bytes' SHA1 with <see cref="WeChatPayBillLocation.HashValue"/> from the signed answer.
    /// </summary>
    public Task<WeChatPayResult<byte[]>> DownloadBillAsync(WeChatPayBillLocation location, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, new Uri(location.DownloadUrl.Trim()), null, (body, _) => body, verifyAnswer: false, ct);

    /// <summary>
    /// The platform certificate list, its signature not yet checked: it may be signed with a certificate only the list
    /// itself holds, so <see cref="WeChatPayPlatformCertificateDownload"/> verifies it after decrypting the certificates.
    /// </summary>
    public Task<WeChatPayResult<WeChatPaySignedAnswer>> PlatformCertificatesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, new Uri(endpoints.BaseUrl + CertificatesPath), null, (body, headers) => new WeChatPaySignedAnswer(body, headers),
            verifyAnswer: false, ct);

    /// <summary>The <c>wx.requestPayment</c> parameters for a prepay id, for the configured AppID.</summary>
    public JsapiPaymentParameters JsapiPaymentParameters(string prepayId) => signer.SignJsapiPayment(options.Value.AppId!, prepayId);

    private static string Json<TRequest>(TRequest request) => JsonSerializer.Serialize(request, WeChatPayJson.Options);

    private static T? ReadJson<T>(byte[] body) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, WeChatPayJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Task<WeChatPayResult<T>> SendAsync<T>(HttpMethod method, string pathAndQuery, string? body, Func<byte[], T?> read, CancellationToken ct)
        where T : class =>
        SendAsync(method, new Uri(endpoints.BaseUrl + pathAndQuery), body, (bytes, _) => read(bytes), verifyAnswer: true, ct);

    private async Task<WeChatPayResult<T>> SendAsync<T>(HttpMethod method, Uri uri, string? body, Func<byte[], WeChatPaySignatureHeaders, T?> read,
        bool verifyAnswer, CancellationToken ct)
        where T : class
    {
        var pathAndQuery = uri.PathAndQuery;
        var signature = signer.SignRequest(method.Method, uri.PathAndQuery, body ?? "");
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.ParseAdd(UserAgent);
        if (!string.IsNullOrWhiteSpace(options.Value.WeChatPayPublicKeyId))
        {
            // The official samples name the public key they expect answers to be signed with.
            request.Headers.Add(WeChatPaySignatureHeaders.SerialHeader, options.Value.WeChatPayPublicKeyId);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            return Interpret(method, pathAndQuery, response, bytes, read, verifyAnswer);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("WeChat Pay {Method} {Path} failed: {Error}", method, uri.AbsolutePath, e.Message);
            return WeChatPayResult<T>.Failed(new(WeChatPayErrorKind.Unavailable, null, WeChatPayError.NetworkError, e.Message, null));
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("WeChat Pay {Method} {Path} timed out after {Seconds} s", method, uri.AbsolutePath, http.Timeout.TotalSeconds);
            return WeChatPayResult<T>.Failed(new(WeChatPayErrorKind.Unavailable, null, WeChatPayError.Timeout, null, null));
        }
    }

    private WeChatPayResult<T> Interpret<T>(HttpMethod method, string pathAndQuery, HttpResponseMessage response, byte[] body,
        Func<byte[], WeChatPaySignatureHeaders, T?> read, bool verifyAnswer)
        where T : class
    {
        var status = (int)response.StatusCode;
        var requestId = Header(response, "Request-ID");
        var headers = WeChatPaySignatureHeaders.Read(name => Header(response, name));
        var verification = verifyAnswer ? verifier.Verify(headers, body) : null;
        if (!response.IsSuccessStatusCode)
        {
            // WeChat Pay signs its error answers to a well-signed request too. An unsigned one (a proxy's 404, a forger's
            // ORDER_NOT_EXIST) is reported as Unverified, which nobody acts on: the caller retries or queries instead.
            var problem = ReadJson<WeChatPayErrorBody>(body);
            var code = problem?.Code ?? $"HTTP_{status}";
            var kind = verification is { IsValid: false } ? WeChatPayErrorKind.Unverified : WeChatPayErrorKind.Rejected;
            logger.LogWarning("WeChat Pay {Method} {Path} answered {Status} {Code}: {Message} ({Kind}, Request-ID {RequestId})",
                method, pathAndQuery, status, code, problem?.Message, kind, requestId);
            return WeChatPayResult<T>.Failed(new(kind, status, code, problem?.Message, requestId));
        }

        if (verification is { IsValid: false })
        {
            logger.LogWarning("WeChat Pay {Method} {Path} answered {Status} with an unverified signature ({Reason}, serial {Serial}, Request-ID {RequestId})",
                method, pathAndQuery, status, verification.Code, Header(response, WeChatPaySignatureHeaders.SerialHeader), requestId);
            return WeChatPayResult<T>.Failed(new(WeChatPayErrorKind.Unverified, status, verification.Code, null, requestId));
        }

        if (read(body, headers) is not { } value)
        {
            logger.LogWarning("WeChat Pay {Method} {Path} answered {Status} with unexpected JSON (Request-ID {RequestId})", method, pathAndQuery, status, requestId);
            return WeChatPayResult<T>.Failed(new(WeChatPayErrorKind.Unavailable, status, WeChatPayError.ResponseMalformed, null, requestId));
        }

        return new WeChatPayResult<T>(value, null);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed record WeChatPayErrorBody(string Code, string? Message = null);
}

/// <summary>An answer's raw body and its <c>Wechatpay-*</c> headers, to be verified by the caller.</summary>
public sealed record WeChatPaySignedAnswer(byte[] Body, WeChatPaySignatureHeaders Headers);

/// <summary>The answer to a bill request: where the file is (valid for 30 s) and the SHA1 (hex) of its uncompressed bytes.</summary>
public sealed record WeChatPayBillLocation(string HashType, string HashValue, string DownloadUrl)
{
    public const string Sha1 = "SHA1";
}
