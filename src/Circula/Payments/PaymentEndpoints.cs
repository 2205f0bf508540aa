using System.Globalization;
using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Payments;

/// <summary>Provider <c>wechatpay</c> (the default) with channel jsapi|native, or <c>alipay</c> with wap|page.</summary>
public sealed record CreatePaymentRequest(string OrderId, string Channel, string? Provider = null)
{
    public const string DefaultProvider = WeChatPayProvider.Name;

    public string ProviderName() => string.IsNullOrEmpty(Provider) ? DefaultProvider : Provider;

    /// <summary>
    /// The one check of the request (422 validation_failed): an order id of digits, a provider and one of its channels as the
    /// registry knows them. A provider this server knows but is not configured for passes here and is answered 503.
    /// </summary>
    public DomainError? Validate(PaymentProviders providers)
    {
        var errors = new FieldErrors();
        if (!long.TryParse(OrderId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("orderId", "must be an order id (a string of digits).");
        }

        providers.CheckChannel(ProviderName(), Channel, errors);
        return errors.Any ? DomainError.Validation(errors.ToDictionary()) : null;
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
    public static PaymentView From(PaymentRead read)
    {
        var p = read.Payment;
        return new(IdText(p.Id), IdText(p.OrderId), p.Provider, p.Channel, Camel(p.Status.ToString()), p.AmountFen, p.OutTradeNo, p.CodeUrl,
            p is { Status: PaymentStatus.Pending, CodeUrl: { } codeUrl } ? PaymentQrCode.PngDataUrl(codeUrl) : null, read.Client.Jsapi, read.Client.PayUrl,
            p.CreatedAt, p.SucceededAt, read.Refund is null ? null : RefundView.From(read.Refund));
    }

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

/// <summary>Customer endpoints: start paying an order, read a payment; and operators' view of an order's payments.</summary>
public static class PaymentEndpoints
{
    public static async Task<Results<Created<PaymentView>, Ok<PaymentView>, ProblemHttpResult>> Create(CreatePaymentRequest request, ClaimsPrincipal user,
        PaymentStart start, PaymentProviders providers, CancellationToken ct)
    {
        if (request.Validate(providers) is { } invalid)
        {
            return invalid.ToProblem();
        }

        var orderId = OrderId.From(long.Parse(request.OrderId, CultureInfo.InvariantCulture));
        var started = await start.StartAsync(UserId.From(user.UserId()), orderId, request.ProviderName(), request.Channel, ct);
        if (!started.IsSuccess)
        {
            return started.Error.ToProblem();
        }

        var (payment, isNew, order) = started.Value;
        var view = PaymentView.From(new PaymentRead(payment, null, providers.ForClient(payment, order)));
        return isNew ? TypedResults.Created($"/api/v1/payments/{payment.Id}", view) : TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<PaymentView>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, PaymentQueries queries, CancellationToken ct) =>
        await queries.GetAsync(id, UserId.From(user.UserId()), ct) is { } read ? TypedResults.Ok(PaymentView.From(read)) : DomainError.NotFound("Payment").ToProblem();

    /// <summary>The payments of one of my orders, oldest first, each with its refund; another customer's order is 404.</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrder(long? orderId, ClaimsPrincipal user, PaymentQueries queries,
        CancellationToken ct)
    {
        if (orderId is not { } id)
        {
            return OrderIdRequired();
        }

        var payments = await queries.ListForCustomerAsync(OrderId.From(id), UserId.From(user.UserId()), ct);
        return payments.IsSuccess ? TypedResults.Ok(payments.Value.Select(PaymentView.From).ToList()) : payments.Error.ToProblem();
    }

    /// <summary>Any order's payments with their refunds, for operators (no pay parameters: they are the payer's).</summary>
    public static async Task<Results<Ok<List<PaymentView>>, ProblemHttpResult>> ListForOrderAsOperator(long? orderId, PaymentQueries queries, CancellationToken ct) =>
        orderId is { } id ? TypedResults.Ok((await queries.ListAsync(OrderId.From(id), ct)).Select(PaymentView.From).ToList()) : OrderIdRequired();

    private static ProblemHttpResult OrderIdRequired() => DomainError.Validation("orderId", "is required: the order whose payments to list.").ToProblem();
}
