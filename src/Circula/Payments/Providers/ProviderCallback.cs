namespace Circula.Payments.Providers;

/// <summary>
/// A provider's callback as the HTTP edge received it: its headers, its raw body and, for a form post, the form's fields
/// (each sent once). The provider reads what its protocol uses.
/// </summary>
public sealed record ProviderCallback(Func<string, string?> Header, byte[] Body, IReadOnlyDictionary<string, string>? Form = null);

/// <summary>What a provider made of a callback.</summary>
public abstract record NotificationRead
{
    /// <summary>Not verified (bad signature, stale, malformed): nothing in it is trusted or stored; <paramref name="Reason"/> is a stable code.</summary>
    public sealed record Refused(string Reason) : NotificationRead;

    /// <summary>A verified payment result (paid, closed) for <see cref="PaymentNotificationProcessor"/>.</summary>
    public sealed record Payment(VerifiedPaymentNotice Notice) : NotificationRead;

    /// <summary>A verified refund result for <see cref="RefundNotificationProcessor"/>.</summary>
    public sealed record Refund(VerifiedRefundNotice Notice) : NotificationRead;

    /// <summary>Verified, of a kind nothing here acts on: acknowledged so the provider stops sending it.</summary>
    public sealed record Other(string NotificationId, string EventType) : NotificationRead;
}
