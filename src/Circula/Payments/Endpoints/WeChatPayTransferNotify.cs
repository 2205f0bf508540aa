using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Circula.Payments.Endpoints;

/// <summary>
/// <c>POST /api/v1/payments/wechatpay/transfer-notify</c>: WeChat Pay's merchant-transfer callback
/// (MCHTRANSFER.BILL.FINISHED). Verified (signature, time window, serial), decrypted and checked to be this merchant's
/// exactly as the payment callback is, then handed to the module that made the transfer
/// (<see cref="IMerchantTransferNotices"/>), which applies it once. Answers as <see cref="WeChatPayNotify"/> does: 204
/// (also for a repeat), 4xx/5xx with <c>{"code":"FAIL"}</c>; a refused notification changes nothing.
/// </summary>
public static class WeChatPayTransferNotify
{
    public static void Map(RouteGroupBuilder payments) =>
        payments.MapPost("/wechatpay/transfer-notify", Handle).WithName("WeChatPayTransferNotify")
            .WithSummary("WeChat Pay's merchant-transfer callback (called by WeChat Pay, not by clients): 204, or 4xx/5xx {\"code\":\"FAIL\"}")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);

    public static async Task<IResult> Handle(HttpContext http, WeChatPayMerchantTransfers transfers, IMerchantTransferNotices notices,
        ILogger<WeChatPayMerchantTransfers> logger, CancellationToken ct)
    {
        if (!transfers.Enabled)
        {
            return WeChatPayNotify.Fail(StatusCodes.Status404NotFound, "WeChat Pay is not enabled");
        }

        var request = http.Request;
        if (await CallbackBody.ReadAsync(request, WeChatPayNotify.MaxBodyBytes, ct) is not { } body)
        {
            return WeChatPayNotify.Fail(StatusCodes.Status413PayloadTooLarge, "body too large");
        }

        var header = (string name) => request.Headers[name].FirstOrDefault();
        var (notice, refusedBecause) = transfers.ReadNotification(header, body);
        if (notice is null)
        {
            // Not trusted, so nothing in it is stored; the log is the record.
            logger.LogWarning("WeChat Pay transfer notification refused: {Reason} ({Length} bytes, from {Remote})", refusedBecause, body.Length,
                http.Connection.RemoteIpAddress);
            return refusedBecause is WeChatPayTransfers.MerchantMismatch or WeChatPayTransfers.NotATransfer
                ? WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, refusedBecause)
                : WeChatPayNotify.Fail(StatusCodes.Status401Unauthorized, refusedBecause!);
        }

        return await notices.ApplyAsync(notice, ct) switch
        {
            MerchantTransferNoticeResult.Applied => TypedResults.NoContent(),
            MerchantTransferNoticeResult.Rejected => WeChatPayNotify.Fail(StatusCodes.Status400BadRequest, "unknown transfer or mismatched amount"),
            _ => WeChatPayNotify.Fail(StatusCodes.Status500InternalServerError, "busy, retry"),
        };
    }
}
