using Circula.Identity.Contracts;
using Circula.Shared.Outbox;

namespace Circula.Recycling.Contracts;

/// <summary>
/// A completed appointment owes its customer <see cref="AmountFen"/>, to be paid through the payout provider
/// <see cref="Provider"/> (<c>cash</c>: handed over by the collector at the door). Raised once per appointment, whose
/// payout it names.
/// </summary>
public sealed record PayoutRequested(AppointmentId AppointmentId, UserId CustomerId, string Provider, long AmountFen) : IAggregateEvent
{
    public static string EventType => "recycling.payout-requested.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("appointment", AppointmentId.Value);
}

/// <summary>
/// An appointment's payout moved through its transition table (one event per transition): <see cref="PayoutStatus.Processing"/>
/// when the provider accepted it (again, from processing, when it hands the customer a new confirmation),
/// <see cref="PayoutStatus.Paid"/> when the customer has the money (their balance is debited), <see cref="PayoutStatus.Refused"/>
/// when the provider will not pay it (<see cref="Reason"/> says why; the balance still owes it). Paid and refused are final:
/// each payout raises at most one of them.
/// </summary>
public sealed record PayoutStatusChanged(AppointmentId AppointmentId, UserId CustomerId, string Provider, long AmountFen, PayoutStatus From, PayoutStatus To,
    PayoutTrigger Trigger, string? Reason) : IAggregateEvent
{
    public static string EventType => "recycling.payout-status-changed.v1";

    (string Kind, long Id) IAggregateEvent.Aggregate => ("appointment", AppointmentId.Value);
}
