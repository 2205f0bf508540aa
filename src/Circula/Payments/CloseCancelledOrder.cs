using Circula.Data;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Payments;

/// <summary>
/// Consumes Ordering's <see cref="OrderStatusChanged"/> and acts on the move to Cancelled (the customer, an operator, or the
/// payment deadline): every live payment (Created or Pending) of the order is closed at its provider and here through
/// <see cref="ProviderCloses"/>, so the customer cannot pay a cancelled order. A redelivered event finds no live payment
/// left; a provider that cannot be reached throws, and the outbox retries with backoff.
/// </summary>
public sealed class CloseCancelledOrderHandler(CirculaDbContext db, ProviderCloses closes) : OrderStatusHandler(db), IOutboxHandler<OrderStatusChanged>
{
    public static string Name => "payments.close-cancelled-order";

    protected override OrderStatus To => OrderStatus.Cancelled;

    protected override PaymentStatus[] PaymentStatuses => [PaymentStatus.Created, PaymentStatus.Pending];

    protected override async Task ActAsync(OrderStatusChanged change, IReadOnlyList<Payment> payments, CancellationToken ct)
    {
        foreach (var payment in payments)
        {
            await closes.CloseAsync(payment, ct);
        }
    }
}
