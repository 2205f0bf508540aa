using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Circula.Payments.Endpoints;

/// <summary>
/// <c>POST /api/v1/payments/wechatpay/notify</c>: WeChat Pay's payment callback. Reads the raw body (at most
/// <see cref="MaxBodyBytes"/>) and hands it with the headers to <see cref="PaymentCallbacks"/> (WeChat Pay verifies
/// signature, time window and serial, and decrypts; the processor matches mchid/appid/out_trade_no/amount and, in one
/// transaction, marks the payment Succeeded and the order Paid). <see cref="AnswerAsync"/> is the one place that answers
/// WeChat Pay: 204 (also for a redelivery) or 4xx/5xx with <c>{"code":"FAIL","message":...}</c>; anything refused changes
/// no state.
/// </summary>
public static class WeChatPayNotify
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder payments) =>
        payments.MapPost("/wechatpay/notify", Handle).WithName("WeChatPayNotify")
            .WithSummary("WeChat Pay's payment callback (called by WeChat Pay, not by clients): 204, or 4xx/5xx {\"code\":\"FAIL\"}")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);

    public static Task<IResult> Handle([AsParameters] ProviderCallbackContext callback) => AnswerAsync(callback, CallbackKind.Payment);

    /// <summary>Reads the callback, has it handled, and answers as WeChat Pay expects.</summary>
    public static async Task<IResult> AnswerAsync(ProviderCallbackContext callback, CallbackKind kind)
    {
        if (callback.Providers.Find(WeChatPayProvider.Name) is not { } provider)
        {
            return Fail(StatusCodes.Status404NotFound, "WeChat Pay is not enabled");
        }

        var request = callback.Http.Request;
        var body = await CallbackBody.ReadAsync(request, MaxBodyBytes, callback.Aborted);
        if (body is null)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        var header = (string name) => request.Headers[name].FirstOrDefault();
        var outcome = await callback.Callbacks.HandleAsync(provider, kind, new ProviderCallback(header, body), callback.Aborted);
        switch (outcome.Result)
        {
            case NoticeResult.Processed:
                return TypedResults.NoContent();
            case NoticeResult.Rejected:
                return Fail(StatusCodes.Status400BadRequest, outcome.Outcome!);
            case NoticeResult.Unverified:
                // Not verified, so nothing in it is trusted or stored (a forger could fill the table); the log is the record.
                var headers = WeChatPaySignatureHeaders.Read(header);
                callback.Logger.LogWarning("WeChat Pay notification refused: {Reason} (serial {Serial}, timestamp {Timestamp}, {Length} bytes, from {Remote})",
                    outcome.Outcome, headers.Serial, headers.Timestamp, body.Length, callback.Http.Connection.RemoteIpAddress);
                return Fail(StatusCodes.Status401Unauthorized, outcome.Outcome!);
            default:
                return Fail(StatusCodes.Status500InternalServerError, "busy, retry");
        }
    }

    internal static IResult Fail(int status, string message) => TypedResults.Json(new { code = "FAIL", message }, statusCode: status);
}
