using System.Globalization;
using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Alipay;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Shared.Http;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Payments;

/// <summary>Provider <c>wechatpay</c> (the default) with channel jsapi|native, or <c>alipay</c> with wap|page.</summary>
public sealed record CreatePaymentRequest(string OrderId, string Channel, string? Provider = null) : IValidatable
{
    public string ProviderName() => string.IsNullOrEmpty(Provider) ? Payment.WeChatPay : Provider;

    public void Validate(FieldErrors errors)
    {
        if (!long.TryParse(OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("orderId", "must be an order id (a string of digits).");
        }

        switch (ProviderName())
        {
            case Payment.WeChatPay when Channel is not (Payment.Jsapi or Payment.Native):
                errors.Add("channel", "must be jsapi or native for wechatpay.");
                break;
            case Payment.Alipay when Channel is not (Payment.Wap or Payment.Page):
                errors.Add("channel", "must be wap or page for alipay.");
                break;
            case not (Payment.WeChatPay or Payment.Alipay):
                errors.Add("provider", "must be wechatpay or alipay.");
                break;
        }
    }
}

/// <summary>
/// A payment as its owner sees it; <see cref="Jsapi"/> is what the mini program passes to wx.requestPayment, <see cref="CodeQrPng"/>
/// the QR image of a pending Native payment's <see cref="CodeUrl"/> (a PNG data URL), <see cref="PayUrl"/> the signed Alipay gateway
/// URL to send the buyer's browser to (signed afresh on every read); <see cref="Refund"/> the money going back, when there is a refund.
/// </summary>
public sealed record PaymentView(string Id, string OrderId, string Provider, string Channel, string Status, long AmountFen, string OutTradeNo,
    string? CodeUrl, string? CodeQrPng, JsapiPaymentParameters? Jsapi, string? PayUrl, DateTime CreatedAt, DateTime? SucceededAt, RefundView? Refund = null)
{
    public static PaymentView From(Payment p, JsapiPaymentParameters? jsapi, string? payUrl, Refund? refund = null) =>
        new(IdText(p.Id), IdText(p.OrderId), p.Provider, p.Channel, Camel(p.Status.ToString()), p.AmountFen,
            p.OutTradeNo, p.CodeUrl, p is { Status: PaymentStatus.Pending, CodeUrl: { } codeUrl } ? PaymentQrCode.PngDataUrl(codeUrl) : null, jsapi, payUrl,
            p.CreatedAt, p.SucceededAt, refund is null ? null : RefundView.From(refund));

    internal static string IdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    internal static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>
/// A payment's refund: status requested | processing (the provider took it) | succeeded (the money is back) | failed (an
/// operator refunds by hand); reason paid_after_cancel or order_refunded.
/// </summary>
public sealed record RefundView(string Id, string OutRefundNo, string Reason, string Status, long AmountFen, DateTime CreatedAt, DateTime? SucceededAt)
{
    public static RefundView From(Refund r) =>
        new(PaymentView.IdText(r.Id), r.OutRefundNo, r.Reason, PaymentView.Camel(r.Status.ToString()), r.AmountFen, r.CreatedAt, r.SucceededAt);
}

/// <summary>Customer endpoints: start paying an order, read a payment.</summary>
public static class PaymentEndpoints
{
    public static readonly UniqueIndex LiveOrderIndex = new("ux_payments_live_order", "payments.order_id");

    public static async Task<Results<Created<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Create(
        CreatePaymentRequest request, ClaimsPrincipal user, CirculaDbContext db, StateMachineEngine engine, IOrderPayments orders, IWeChatBindings bindings,
        SnowflakeIdGenerator ids, TimeProvider clock, IOptions<WeChatPayOptions> options, IServiceProvider services, ILogger<Payment> logger,
        CancellationToken ct)
    {
        var provider = request.ProviderName();
        var alipay = provider == Payment.Alipay;
        if (!(alipay ? services.GetRequiredService<IOptions<AlipayOptions>>().Value.Enabled : options.Value.Enabled))
        {
            return ApiProblems.Create(503, "payment_provider_disabled", "Payments unavailable", $"{(alipay ? "Alipay" : "WeChat Pay")} is not configured on this server.");
        }

        var customerId = user.UserId();
        var orderId = long.Parse(request.OrderId, CultureInfo.InvariantCulture);
        if (await orders.GetPayableAsync(OrderId.From(orderId), UserId.From(customerId), ct) is not { } order)
        {
            return ApiProblems.NotFound("Order");
        }

        if (!order.IsPayable)
        {
            return ApiProblems.Conflict("order_not_payable", $"Order {order.Number} is {order.Status}; only an order waiting for payment can be paid.");
        }

        if (await LivePaymentAsync(db, orderId, ct) is { } existing)
        {
            return TypedResults.Ok(View(existing, order, services));
        }

        string? openId = null;
        if (request.Channel == Payment.Jsapi && (openId = await bindings.GetOpenIdAsync(customerId, ct)) is null)
        {
            return ApiProblems.Unprocessable("wechat_binding_required", "JSAPI payment needs the payer's WeChat openid: sign in through WeChat first, or pay with channel native.");
        }

        var payment = Payment.Start(ids.NextId(), orderId, customerId, provider, request.Channel, order.TotalFen, openId, clock.GetUtcNow().UtcDateTime);
        db.Set<Payment>().Add(payment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (LiveOrderIndex.IsViolatedBy(e))
        {
            // A concurrent request created the live payment first: answer that one.
            db.ChangeTracker.Clear();
            var winner = (await LivePaymentAsync(db, orderId, ct))!;
            return TypedResults.Ok(View(winner, order, services));
        }

        if (alipay)
        {
            // Nothing to ask Alipay beforehand: the signed pay URL is the request, and the buyer's browser carries it there.
            engine.Apply(PaymentStateMachine.Machine, payment, PaymentTrigger.PrepayAccepted, Requester.System, "Alipay pay URL signed");
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/v1/payments/{payment.Id}", View(payment, order, services));
        }

        var client = services.GetRequiredService<WeChatPayClient>();
        var endpoints = services.GetRequiredService<WeChatPayEndpoints>();
        var description = Subject(order);
        var deadline = Deadline(order);
        WeChatPayError? error;
        if (request.Channel == Payment.Jsapi)
        {
            var result = await client.JsapiPrepayAsync(new JsapiPrepayRequest(options.Value.AppId!, options.Value.MchId!, description, payment.OutTradeNo,
                endpoints.NotifyUrl, new WeChatPayOrderAmount(payment.AmountFen), new WeChatPayPayer(openId!), deadline), ct);
            payment.RecordPrepay(result.Value?.PrepayId, null);
            error = result.Error;
        }
        else
        {
            var result = await client.NativePrepayAsync(new NativePrepayRequest(options.Value.AppId!, options.Value.MchId!, description, payment.OutTradeNo,
                endpoints.NotifyUrl, new WeChatPayOrderAmount(payment.AmountFen), deadline), ct);
            payment.RecordPrepay(null, result.Value?.CodeUrl);
            error = result.Error;
        }

        engine.Apply(PaymentStateMachine.Machine, payment, error is null ? PaymentTrigger.PrepayAccepted : PaymentTrigger.PrepayFailed, Requester.System,
            error is null ? "WeChat Pay accepted the prepay" : $"WeChat Pay refused the prepay: {error.Code}");
        await db.SaveChangesAsync(ct);
        if (error is not null)
        {
            logger.LogWarning("WeChat Pay prepay for payment {PaymentId} (order {OrderId}) failed: {Kind} {Code} (Request-ID {RequestId})",
                payment.Id, orderId, error.Kind, error.Code, error.RequestId);
            return ApiProblems.BadGateway("payment_provider_error", $"WeChat Pay did not accept the payment ({error.Code}); try again.");
        }

        return TypedResults.Created($"/api/v1/payments/{payment.Id}", View(payment, order, services));
    }

    public static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, CirculaDbContext db, IOrderPayments orders,
        IServiceProvider services, CancellationToken ct)
    {
        var customerId = user.UserId();
        var payment = await db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.CustomerId == customerId, ct);
        if (payment is null)
        {
            return ApiProblems.NotFound("Payment");
        }

        var order = NeedsPayUrl(payment) ? await orders.GetPayableAsync(OrderId.From(payment.OrderId), UserId.From(customerId), ct) : null;
        var refund = await db.Set<Refund>().AsNoTracking().FirstOrDefaultAsync(r => r.PaymentId == payment.Id, ct);
        return TypedResults.Ok(View(payment, order, services, refund));
    }

    /// <summary>The payments of one of my orders, oldest first, each with its refund; another customer's order is 404.</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrder(long? orderId, ClaimsPrincipal user, CirculaDbContext db,
        IOrderPayments orders, IServiceProvider services, CancellationToken ct)
    {
        if (orderId is not { } id)
        {
            return ApiProblems.Validation("orderId", "is required: the order whose payments to list.");
        }

        var customerId = user.UserId();
        if (await orders.GetPayableAsync(OrderId.From(id), UserId.From(customerId), ct) is not { } order)
        {
            return ApiProblems.NotFound("Order");
        }

        var payments = await PaymentsOfOrderAsync(db, id, ct);
        return TypedResults.Ok(payments.Select(p => View(p.Payment, order, services, p.Refund)).ToList());
    }

    /// <summary>Any order's payments with their refunds, for operators (no pay parameters: they are the payer's).</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrderAsOperator(long? orderId, CirculaDbContext db, CancellationToken ct)
    {
        if (orderId is not { } id)
        {
            return ApiProblems.Validation("orderId", "is required: the order whose payments to list.");
        }

        var payments = await PaymentsOfOrderAsync(db, id, ct);
        return TypedResults.Ok(payments.Select(p => PaymentView.From(p.Payment, null, null, p.Refund)).ToList());
    }

    private static async Task<List<(Payment Payment, Refund? Refund)>> PaymentsOfOrderAsync(CirculaDbContext db, long orderId, CancellationToken ct)
    {
        var payments = await db.Set<Payment>().AsNoTracking().Where(p => p.OrderId == orderId).OrderBy(p => p.Id).ToListAsync(ct);
        var ids = payments.Select(p => p.Id).ToList();
        var refunds = await db.Set<Refund>().AsNoTracking().Where(r => ids.Contains(r.PaymentId)).ToListAsync(ct);
        return payments.Select(p => (p, refunds.FirstOrDefault(r => r.PaymentId == p.Id))).ToList();
    }

    private static PaymentView View(Payment payment, PayableOrder? order, IServiceProvider services, Refund? refund = null) =>
        PaymentView.From(payment, Jsapi(payment, services), NeedsPayUrl(payment) && order is { IsPayable: true } ? AlipayPayUrl(payment, order, services) : null,
            refund);

    /// <summary>A live Alipay payment (Created too: the URL needs nothing from Alipay, so a crash before Pending was stored loses nothing).</summary>
    private static bool NeedsPayUrl(Payment payment) => payment.Provider == Payment.Alipay && payment.IsLive;

    /// <summary>The signed gateway URL for a pending Alipay payment (signed now, so its timestamp is fresh).</summary>
    private static string AlipayPayUrl(Payment payment, PayableOrder order, IServiceProvider services)
    {
        var request = new AlipayPayment(payment.OutTradeNo, payment.AmountFen, Subject(order), Deadline(order),
            NotifyUrl: services.GetRequiredService<AlipayEndpoints>().NotifyUrl);
        var builder = services.GetRequiredService<AlipayPayRequestBuilder>();
        return (payment.Channel == Payment.Wap ? builder.WapPayUrl(request) : builder.PagePayUrl(request)).OriginalString;
    }

    private static string Subject(PayableOrder order) => $"Circula 订单 {order.Number}";

    private static DateTimeOffset Deadline(PayableOrder order) =>
        new DateTimeOffset(DateTime.SpecifyKind(order.PaymentDeadline, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8));

    private static Task<Payment?> LivePaymentAsync(CirculaDbContext db, long orderId, CancellationToken ct) =>
        db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.OrderId == orderId && (p.Status == PaymentStatus.Created || p.Status == PaymentStatus.Pending), ct);

    /// <summary>Fresh wx.requestPayment parameters for a pending JSAPI payment (signed now).</summary>
    private static JsapiPaymentParameters? Jsapi(Payment payment, IServiceProvider services) =>
        payment is { Status: PaymentStatus.Pending, Channel: Payment.Jsapi, PrepayId: { } prepayId }
            ? services.GetRequiredService<WeChatPayClient>().JsapiPaymentParameters(prepayId)
            : null;
}
