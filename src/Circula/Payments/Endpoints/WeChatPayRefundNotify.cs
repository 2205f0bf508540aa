using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Payments.Endpoints;

/// <summary>
/// <c>POST /api/v1/payments/wechatpay/refund-notify</c>: WeChat Pay's refund callback, read, verified and answered exactly
/// as the payment callback (<see cref="WeChatPayNotify.AnswerAsync"/>); a REFUND.* result finishes the refund it names
/// through <see cref="RefundNotificationProcessor"/> (deduplicated by notification id).
/// </summary>
public static class WeChatPayRefundNotify
{
    public static void Map(RouteGroupBuilder payments) =>
        payments.MapPost("/wechatpay/refund-notify", Handle).WithName("WeChatPayRefundNotify")
            .WithSummary("WeChat Pay's refund callback (called by WeChat Pay, not by clients): 204, or 4xx/5xx {\"code\":\"FAIL\"}")
            .AllowAnonymous()
            .Produces(StatusCodes.Status204NoContent).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);

    public static Task<IResult> Handle([AsParameters] ProviderCallbackContext callback) => WeChatPayNotify.AnswerAsync(callback, CallbackKind.Refund);
}
