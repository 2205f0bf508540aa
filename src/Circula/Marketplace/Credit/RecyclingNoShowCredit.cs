using Circula.Recycling.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Marketplace.Credit;

/// <summary>
/// A customer who was not there when the collector came (the collector reported a no-show) loses credit
/// (<see cref="CreditRule.RecyclingNoShow"/>): the marketplace trusts people who keep appointments. Once per appointment,
/// however often the event is delivered.
/// </summary>
public sealed class RecyclingNoShowCredit(SellerCredits credits) : IOutboxHandler<AppointmentStatusChanged>
{
    public static string Name => "marketplace.credit-recycling-no-show";

    public async Task HandleAsync(AppointmentStatusChanged @event, EventEnvelope envelope, CancellationToken ct)
    {
        if (@event.Trigger == AppointmentTrigger.ReportNoShow)
        {
            await credits.RecordAsync(@event.CustomerId, CreditRule.RecyclingNoShow, $"recycling-no-show:{@event.AppointmentId}",
                $"no-show at recycling pickup {@event.AppointmentId}", ct);
        }
    }
}
