using System.Diagnostics.Metrics;
using Circula.Recycling.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Recycling;

/// <summary>Recycling's business measurements, from its events as they are saved: appointment transitions, payouts, channel orders.</summary>
public sealed class RecyclingMetrics : IEventMeasurements
{
    public const string MeterName = "Circula.Recycling";

    private readonly Counter<long> _appointments, _payouts, _paidOut, _finished, _channelOrders;

    public RecyclingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _appointments = meter.CreateCounter<long>("circula.recycling.appointments.transitions", "{appointment}",
            "Pickup appointment transitions, by the status reached and the trigger (a no-show is ReportNoShow).");
        _payouts = meter.CreateCounter<long>("circula.recycling.payouts.requested", "{payout}", "Payouts requested at completion, by provider.");
        _paidOut = meter.CreateCounter<long>("circula.recycling.payouts.requested_value", "fen", "Money owed to customers at completion, in fen, by provider.");
        _finished = meter.CreateCounter<long>("circula.recycling.payouts.finished", "{payout}",
            "Payouts that reached their end, by provider and result (paid, refused).");
        _channelOrders = meter.CreateCounter<long>("circula.recycling.channel_orders.transitions", "{order}", "Third-party channel orders, by channel and the status reached.");
    }

    public void Record(IIntegrationEvent @event)
    {
        switch (@event)
        {
            case AppointmentStatusChanged changed:
                _appointments.Add(1, Tag("status", changed.To.ToString()), Tag("trigger", changed.Trigger.ToString()));
                break;
            case PayoutRequested payout:
                _payouts.Add(1, Tag("provider", payout.Provider));
                _paidOut.Add(payout.AmountFen, Tag("provider", payout.Provider));
                break;
            case PayoutStatusChanged { To: PayoutStatus.Paid or PayoutStatus.Refused } finished:
                _finished.Add(1, Tag("provider", finished.Provider), Tag("result", finished.To.ToString().ToLowerInvariant()));
                break;
            case ChannelOrderStatusChanged order:
                _channelOrders.Add(1, Tag("channel", order.Channel), Tag("status", order.To.ToString()));
                break;
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
