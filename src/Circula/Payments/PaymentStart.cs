using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Payments.Providers;
using Circula.Shared.Ids;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments;

/// <summary>A customer's payment as started (or found live): <see cref="IsNew"/> when this call made it.</summary>
public sealed record StartedPayment(Payment Payment, bool IsNew, PayableOrder Order);

/// <summary>
/// Starting to pay an order: at most one live payment per order (a second call, or a concurrent one, finds it, whatever its
/// provider), the payer's WeChat openid for a channel that needs it, the payment stored Created and then moved by the
/// provider's answer to the prepay (Pending, or Failed with 502 <c>payment_provider_error</c>, after which a new call starts
/// a new payment).
/// </summary>
public sealed class PaymentStart(
    CirculaDbContext db, StateMachineEngine engine, PaymentProviders providers, IOrderPayments orders, IWeChatBindings bindings, SnowflakeIdGenerator ids,
    TimeProvider clock)
{
    public const string OrderNotPayable = "order_not_payable";
    public const string WeChatBindingRequired = "wechat_binding_required";
    public const string AmountAboveProviderLimit = "amount_above_provider_limit";

    private static readonly UniqueIndex LiveOrderIndex = new("ux_payments_live_order", "payments.order_id");

    /// <summary>Starts paying <paramref name="orderId"/> (the customer's own) with a known provider and one of its channels.</summary>
    public async Task<Result<StartedPayment>> StartAsync(UserId customer, OrderId orderId, string providerName, string channelName, CancellationToken ct)
    {
        var found = providers.Get(providerName);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var provider = found.Value;
        if (await orders.GetPayableAsync(orderId, customer, ct) is not { } order)
        {
            return DomainError.NotFound("Order");
        }

        if (!order.IsPayable)
        {
            return DomainError.Conflict(OrderNotPayable, $"Order {order.Number} is {order.Status}; only an order waiting for payment can be paid.");
        }

        if (order.TotalFen > provider.Info.MaxAmountFen)
        {
            return DomainError.Invalid(AmountAboveProviderLimit,
                $"Order {order.Number} totals {order.TotalFen} fen; {provider.Info.DisplayName} takes at most {provider.Info.MaxAmountFen} fen in one payment.");
        }

        if (await LivePaymentAsync(orderId, ct) is { } existing)
        {
            return new StartedPayment(existing, false, order);
        }

        string? openId = null;
        if (provider.Info.Channel(channelName) is { NeedsWeChatOpenId: true } && (openId = await bindings.GetOpenIdAsync(customer.Value, ct)) is null)
        {
            return DomainError.Invalid(WeChatBindingRequired,
                "JSAPI payment needs the payer's WeChat openid: sign in through WeChat first, or pay with channel native.");
        }

        var payment = Payment.Start(ids.NextId(), orderId.Value, customer.Value, providerName, channelName, order.TotalFen, openId, clock.GetUtcNow().UtcDateTime);
        db.Set<Payment>().Add(payment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (LiveOrderIndex.IsViolatedBy(e))
        {
            // A concurrent request created the live payment first: answer that one.
            db.ChangeTracker.Clear();
            return new StartedPayment((await LivePaymentAsync(orderId, ct))!, false, order);
        }

        var prepay = await provider.PrepayAsync(payment, PaymentTerms.Of(order), ct);
        if (prepay.IsSuccess)
        {
            payment.RecordPrepay(prepay.Value.PrepayId, prepay.Value.CodeUrl);
        }

        engine.Apply(PaymentStateMachine.Machine, payment, prepay.IsSuccess ? PaymentTrigger.PrepayAccepted : PaymentTrigger.PrepayFailed, Requester.System,
            prepay.IsSuccess ? prepay.Value.Detail : prepay.Error.Detail);
        await db.SaveChangesAsync(ct);
        return prepay.IsSuccess ? new StartedPayment(payment, true, order) : prepay.Error;
    }

    private Task<Payment?> LivePaymentAsync(OrderId orderId, CancellationToken ct) =>
        db.Set<Payment>().AsNoTracking().FirstOrDefaultAsync(p => p.OrderId == orderId.Value && (p.Status == PaymentStatus.Created || p.Status == PaymentStatus.Pending), ct);
}

/// <summary>What a payment's trade shows the payer and until when it may be paid, from its order.</summary>
public static class PaymentTerms
{
    public static TradeTerms Of(PayableOrder order) =>
        new($"Circula 订单 {order.Number}", new DateTimeOffset(DateTime.SpecifyKind(order.PaymentDeadline, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)));

    /// <summary>How the customer's client pays <paramref name="payment"/> now; nothing once its provider is off or its order cannot be paid.</summary>
    public static ClientPayment ForClient(this PaymentProviders providers, Payment payment, PayableOrder? order) =>
        providers.Find(payment.Provider)?.ForClient(payment, order is { IsPayable: true } ? Of(order) : null) ?? ClientPayment.Nothing;
}
