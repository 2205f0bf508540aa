using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;
using Microsoft.Extensions.Options;

namespace Circula.Marketplace.Credit;

/// <summary>
/// A marketplace order's milestones move credit (shop orders, which have no seller, do not): the seller gains for a
/// completed deal and for shipping within <see cref="CreditOptions.ShipWithin"/> of the payment; the buyer loses for a
/// paid deal refunded before shipping (only the buyer can ask for that refund: a seller cannot cancel a paid order).
/// Once per order and rule, however often the event is delivered.
/// </summary>
public sealed class OrderCredit(SellerCredits credits, IOrderTimeline timeline, IOptions<CreditOptions> options) : IOutboxHandler<OrderStatusChanged>
{
    public static string Name => "marketplace.credit-orders";

    public async Task HandleAsync(OrderStatusChanged @event, EventEnvelope envelope, CancellationToken ct)
    {
        if (@event.SellerId is not { } seller)
        {
            return;
        }

        switch (@event.To)
        {
            case OrderStatus.Completed:
                await credits.RecordAsync(seller, CreditRule.CompletedDeal, $"order-completed:{@event.OrderId}", $"deal {@event.Number} completed", ct);
                break;
            case OrderStatus.Shipped when await timeline.PaidAtAsync(@event.OrderId, ct) is { } paidAt
                                          && envelope.OccurredAt - paidAt <= options.Value.ShipWithin:
                await credits.RecordAsync(seller, CreditRule.ShippedOnTime, $"order-shipped-on-time:{@event.OrderId}",
                    $"deal {@event.Number} shipped within {options.Value.ShipWithin.TotalHours:0.#} h of payment", ct);
                break;
            case OrderStatus.Refunded:
                await credits.RecordAsync(@event.CustomerId, CreditRule.CancelledAfterPayment, $"order-refunded:{@event.OrderId}",
                    $"deal {@event.Number} refunded after payment", ct);
                break;
        }
    }
}
