using System.Diagnostics.Metrics;
using Circula.Payments.Contracts;
using Circula.Shared.Metrics;
using Circula.Shared.Outbox;

namespace Circula.Payments;

/// <summary>
/// Payments' business measurements: succeeded payments and GMV in fen by provider, refund transitions and refunded fen,
/// anomalies by event type, and every provider callback by its result.
/// </summary>
public sealed class PaymentMetrics : IEventMeasurements
{
    public const string MeterName = "Circula.Payments";

    private readonly Counter<long> _succeeded, _gmv, _refunds, _refunded, _anomalies, _callbacks;

    public PaymentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _succeeded = meter.CreateCounter<long>("circula.payments.succeeded", "{payment}", "Payments that succeeded, by provider.");
        _gmv = meter.CreateCounter<long>("circula.payments.gmv", "fen", "Money received by succeeded payments, in fen, by provider.");
        _refunds = meter.CreateCounter<long>("circula.refunds.transitions", "{refund}", "Refund transitions, by the status reached.");
        _refunded = meter.CreateCounter<long>("circula.refunds.refunded", "fen", "Money refunded (refunds that succeeded), in fen.");
        _anomalies = meter.CreateCounter<long>("circula.payments.anomalies", "{event}", "Payment anomalies that need an operator, by event type.");
        _callbacks = meter.CreateCounter<long>("circula.payments.callbacks", "{callback}", "Provider callbacks, by provider, kind and result.");
    }

    public void Record(IIntegrationEvent @event)
    {
        switch (@event)
        {
            case PaymentStatusChanged { To: PaymentStatus.Succeeded } paid:
                _succeeded.Add(1, Tag("provider", paid.Provider));
                _gmv.Add(paid.AmountFen, Tag("provider", paid.Provider));
                break;
            case RefundStatusChanged refund:
                _refunds.Add(1, Tag("status", refund.To.ToString()));
                if (refund.To == RefundStatus.Succeeded)
                {
                    _refunded.Add(refund.AmountFen, Tag("provider", refund.Provider));
                }

                break;
            case PaymentMoneyUnapplied or PaymentSucceededAfterCancel or OrderRefundedWithoutPayment or PaymentBillDiscrepanciesFound
                or PaymentBillReconciliationFailed:
                _anomalies.Add(1, Tag("type", EventTypes.NameOf(@event.GetType())));
                break;
        }
    }

    public void Callback(string provider, CallbackKind kind, NoticeResult result) =>
        _callbacks.Add(1, Tag("provider", provider), Tag("kind", kind.ToString()), Tag("result", result.ToString()));

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
