using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>
/// Consumes Ordering's <see cref="OrderStatusChanged"/> and acts on the move to Refunded (an operator approved the refund):
/// every succeeded payment of the order goes back in full through <see cref="ProviderRefunds"/>, once per payment however
/// often the event comes. An order refunded with no succeeded payment here is an anomaly: an error log line and the
/// alert <see cref="OrderRefundedWithoutPayment"/>, and the message counts as delivered (retrying cannot help).
/// </summary>
public sealed class RefundApprovedOrderHandler(CirculaDbContext db, ProviderRefunds refunds, Outbox outbox, ILogger<RefundApprovedOrderHandler> logger)
    : OrderStatusHandler(db), IOutboxHandler<OrderStatusChanged>
{
    public static string Name => "payments.refund-approved-order";

    protected override OrderStatus To => OrderStatus.Refunded;

    protected override PaymentStatus[] PaymentStatuses => [PaymentStatus.Succeeded];

    protected override async Task ActAsync(OrderStatusChanged change, IReadOnlyList<Payment> payments, CancellationToken ct)
    {
        if (payments.Count == 0)
        {
            logger.LogError("Order {Number} ({OrderId}) was refunded but has no succeeded payment: nothing went back; look at it by hand", change.Number, change.OrderId);
            // Staged here, saved with this handler's delivery receipt: one alert per event.
            outbox.Add(new OrderRefundedWithoutPayment(change.OrderId, change.Number, "no succeeded payment of the order"));
            return;
        }

        foreach (var payment in payments)
        {
            await refunds.RefundInFullAsync(payment, Refund.OrderRefunded, ct);
        }
    }
}
