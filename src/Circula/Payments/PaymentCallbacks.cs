using Circula.Payments.Providers;
using Microsoft.Extensions.Logging;

namespace Circula.Payments;

/// <summary>What a notify URL takes: payment results or refund results (anything else sent there is acknowledged, not acted on).</summary>
public enum CallbackKind
{
    Payment,
    Refund,
}

/// <summary>
/// Every provider's callback, from the HTTP edge to the processors: the (enabled) provider verifies and reads it, a verified
/// result of the kind the URL takes goes to <see cref="PaymentNotificationProcessor"/> or
/// <see cref="RefundNotificationProcessor"/>, once per notification in flight (<see cref="NoticesInFlight"/>: verification
/// and decryption come first, outside any transaction, so a forged copy never joins a genuine one). Answers one
/// <see cref="NoticeOutcome"/>, which the provider's notify endpoint turns into its wire answer; nothing unverified is stored.
/// </summary>
public sealed class PaymentCallbacks(
    PaymentNotificationProcessor payments, RefundNotificationProcessor refunds, NoticesInFlight inFlight, PaymentMetrics metrics, ILogger<PaymentCallbacks> logger)
{
    public async Task<NoticeOutcome> HandleAsync(IPaymentProvider provider, CallbackKind kind, ProviderCallback callback, CancellationToken ct)
    {
        var outcome = await ReadAndApplyAsync(provider, kind, callback, ct);
        metrics.Callback(provider.Info.Name, kind, outcome.Result);
        return outcome;
    }

    private async Task<NoticeOutcome> ReadAndApplyAsync(IPaymentProvider provider, CallbackKind kind, ProviderCallback callback, CancellationToken ct)
    {
        var read = provider.ReadNotification(callback);
        switch (read)
        {
            case NotificationRead.Refused refused:
                return new NoticeOutcome(NoticeResult.Unverified, refused.Reason);
            case NotificationRead.Payment payment when kind == CallbackKind.Payment:
                return await inFlight.ApplyOnceAsync(payment.Notice.Provider, payment.Notice.NotificationId, once => payments.ProcessAsync(payment.Notice, once), ct);
            case NotificationRead.Refund refund when kind == CallbackKind.Refund:
                return await inFlight.ApplyOnceAsync(refund.Notice.Provider, refund.Notice.NotificationId, once => refunds.ProcessAsync(refund.Notice, once), ct);
        }

        var (id, type) = read switch
        {
            NotificationRead.Payment p => (p.Notice.NotificationId, p.Notice.EventType),
            NotificationRead.Refund r => (r.Notice.NotificationId, r.Notice.EventType),
            NotificationRead.Other other => (other.NotificationId, other.EventType),
            _ => throw new InvalidOperationException($"{provider.Info.DisplayName} read a notification as {read.GetType().Name}."),
        };
        logger.LogInformation("{Provider} {Kind} notification {Id} of type {EventType} acknowledged without action", provider.Info.DisplayName, kind, id, type);
        return NoticeOutcome.Acknowledged;
    }
}
