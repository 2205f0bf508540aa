using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// <c>POST /api/v1/payments/wechatpay/notify</c> and <c>/refund-notify</c>: WeChat Pay's payment and refund callbacks.
/// Reads the raw body (at most <see cref="MaxBodyBytes"/>) and hands it with the headers to <see cref="PaymentCallbacks"/>
/// (WeChat Pay verifies signature, time window and serial, and decrypts; the processors match and apply). Answers 204
/// (also for a redelivery) or 4xx/5xx with <c>{"code":"FAIL","message":...}</c> as WeChat Pay expects; anything refused
/// changes no state.
/// </summary>
public static class WeChatPayNotify
{
    public const int MaxBodyBytes = 64 * 1024;

    public static Task<IResult> Handle(HttpContext context, PaymentProviders providers, PaymentCallbacks callbacks, ILogger<WeChatPayNotification> logger,
        CancellationToken ct) =>
        HandleAsync(context, CallbackKind.Payment, providers, callbacks, logger, ct);

    public static Task<IResult> HandleRefund(HttpContext context, PaymentProviders providers, PaymentCallbacks callbacks, ILogger<WeChatPayNotification> logger,
        CancellationToken ct) =>
        HandleAsync(context, CallbackKind.Refund, providers, callbacks, logger, ct);

    private static async Task<IResult> HandleAsync(HttpContext context, CallbackKind kind, PaymentProviders providers, PaymentCallbacks callbacks, ILogger logger,
        CancellationToken ct)
    {
        if (providers.Find(WeChatPayProvider.Name) is not { } provider)
        {
            return Fail(StatusCodes.Status404NotFound, "WeChat Pay is not enabled");
        }

        var body = await ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        var header = (string name) => context.Request.Headers[name].FirstOrDefault();
        var outcome = await callbacks.HandleAsync(provider, kind, new ProviderCallback(header, body), ct);
        switch (outcome.Result)
        {
            case NoticeResult.Processed:
                return TypedResults.NoContent();
            case NoticeResult.Rejected:
                return Fail(StatusCodes.Status400BadRequest, outcome.Outcome!);
            case NoticeResult.Unverified:
                // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
                var headers = WeChatPaySignatureHeaders.Read(header);
                logger.LogWarning("WeChat Pay notification refused: {Reason} (serial {Serial}, timestamp {Timestamp}, {Length} bytes, from {Remote})",
                    outcome.Outcome, headers.Serial, headers.Timestamp, body.Length, context.Connection.RemoteIpAddress);
                return Fail(StatusCodes.Status401Unauthorized, outcome.Outcome!);
            default:
                return Fail(StatusCodes.Status500InternalServerError, "busy, retry");
        }
    }

    private static IResult Fail(int status, string message) => TypedResults.Json(new { code = "FAIL", message }, statusCode: status);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
