namespace Circula.Recycling.Channels;

/// <summary>
/// What one channel answered when a pickup was offered to it (refused, unavailable, timed out, circuit open, or placed),
/// kept so operators can see in the appointment why a channel was passed over. Written once, never changed.
/// </summary>
public sealed class ChannelAttemptRecord
{
    public const int MaxDetailLength = 500;

    private ChannelAttemptRecord()
    {
    }

    public long Id { get; private init; }

    public long AppointmentId { get; private init; }

    public string Channel { get; private init; } = "";

    public string Outcome { get; private init; } = "";

    public string Detail { get; private init; } = "";

    public DateTime CreatedAt { get; private init; }

    public static ChannelAttemptRecord Of(long appointmentId, ChannelAttempt attempt, DateTime now) => new()
    {
        AppointmentId = appointmentId,
        Channel = attempt.Channel,
        Outcome = attempt.Outcome,
        Detail = attempt.Detail.Length > MaxDetailLength ? attempt.Detail[..MaxDetailLength] : attempt.Detail,
        CreatedAt = now,
    };
}
