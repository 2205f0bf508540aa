using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Shared;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Circula.Recycling.Channels;

/// <summary>
/// The entry point other code calls: hand a booked pickup to the first third-party channel that takes it, falling back
/// down the deterministic order (<see cref="ChannelRegistry.For"/>) when a channel refuses, fails, times out or has its
/// breaker open, and finally to our own collectors (<see cref="ChannelPlacement.ToOwnCollectors"/>; dispatch does that).
/// The order is recorded in <c>recycling_channel_orders</c> with a <see cref="ChannelOrderStatusChanged"/> event.
/// </summary>
public sealed class RecyclingChannels(
    ChannelRegistry registry,
    ChannelGuards guards,
    CirculaDbContext db,
    Outbox outbox,
    IRecyclingCategories categories,
    PiiProtector pii,
    TimeProvider clock,
    ILogger<RecyclingChannels> logger)
{
    private static readonly UniqueIndex OnePerAppointment = new("recycling_channel_orders_pkey", "recycling_channel_orders.appointment_id");
    private static readonly UniqueIndex OneExternalId = new("recycling_channel_orders_channel_external_id_key",
        "recycling_channel_orders.channel, recycling_channel_orders.external_id");

    /// <summary>Places the stored appointment <paramref name="appointmentId"/>; 404 when there is none.</summary>
    public async Task<Result<ChannelPlacement>> PlaceAsync(long appointmentId, CancellationToken ct) =>
        await PickupAsync(appointmentId, ct) is { } pickup ? await PlaceAsync(pickup, ct) : DomainError.NotFound("Appointment");

    /// <summary>
    /// Places <paramref name="pickup"/>: the channel order the appointment already has, else the first channel that takes
    /// it, else our own collectors. The appointment id is the channel's idempotency key, so a retried placement after a
    /// lost answer finds the same order there.
    /// </summary>
    public async Task<ChannelPlacement> PlaceAsync(ChannelPickup pickup, CancellationToken ct)
    {
        if (await FindAsync(pickup.AppointmentId, ct) is { } existing)
        {
            return new ChannelPlacement(existing, []);
        }

        var attempts = new List<ChannelAttempt>();
        foreach (var channel in registry.For(pickup))
        {
            var answer = await AskAsync(channel, (c, t) => c.CreateOrderAsync(pickup, t), attempts, ct);
            if (answer is not null)
            {
                Keep(pickup.AppointmentId, [.. attempts, new ChannelAttempt(channel.Info.Name, ChannelAttempt.Placed, $"order {answer.ExternalId}")]);
                return new ChannelPlacement(await RecordAsync(pickup.AppointmentId, channel.Info.Name, answer, ct), attempts);
            }
        }

        logger.LogInformation("Appointment {Appointment} goes to our own collectors: {Attempts}", pickup.AppointmentId,
            attempts.Count == 0 ? "no channel takes it" : string.Join("; ", attempts));
        Keep(pickup.AppointmentId, attempts);
        await db.SaveChangesAsync(ct);
        return new ChannelPlacement(null, attempts);
    }

    /// <summary>Whether a channel takes the appointment's category and covers its address (whether one is up is found out by asking).</summary>
    public async Task<bool> MayTakeAsync(Appointment appointment, CancellationToken ct) => registry.For(await PickupOf(appointment, ct)).Count > 0;

    /// <summary>Whether a channel has the appointment now (its order there is open).</summary>
    public Task<bool> HoldsAsync(long appointmentId, CancellationToken ct) =>
        db.Set<ChannelOrder>().AnyAsync(o => o.AppointmentId == appointmentId && ChannelOrder.OpenStatuses.Contains(o.Status), ct);

    /// <summary>The channels asked about the appointment and what each answered, oldest first.</summary>
    public Task<List<ChannelAttemptRecord>> AttemptsAsync(long appointmentId, CancellationToken ct) =>
        db.Set<ChannelAttemptRecord>().AsNoTracking().Where(a => a.AppointmentId == appointmentId).OrderBy(a => a.Id).ToListAsync(ct);

    /// <summary>What each channel that takes <paramref name="pickup"/> would pay, in the channels' order; channels that fail or refuse are in the attempts.</summary>
    public async Task<(IReadOnlyList<(string Channel, ChannelQuote Quote)> Quotes, IReadOnlyList<ChannelAttempt> Attempts)> QuoteAsync(ChannelPickup pickup,
        CancellationToken ct)
    {
        var quotes = new List<(string, ChannelQuote)>();
        var attempts = new List<ChannelAttempt>();
        foreach (var channel in registry.For(pickup))
        {
            if (await AskAsync(channel, (c, t) => c.QuoteAsync(pickup, t), attempts, ct) is { } quote)
            {
                quotes.Add((channel.Info.Name, quote));
            }
        }

        return (quotes, attempts);
    }

    /// <summary>Asks the channel for the order's status and applies it like a callback; 404 when the appointment has no channel order.</summary>
    public Task<Result<ChannelOrder>> RefreshAsync(long appointmentId, CancellationToken ct) =>
        UpdateAsync(appointmentId, (channel, order, t) => channel.GetStatusAsync(appointmentId, order.ExternalId, t), "status query", ct);

    /// <summary>Cancels the order at its channel and here; 404 without a channel order, 502 when the channel refuses or fails.</summary>
    public Task<Result<ChannelOrder>> CancelAsync(long appointmentId, string reason, CancellationToken ct) =>
        UpdateAsync(appointmentId, (channel, order, t) => channel.CancelAsync(appointmentId, order.ExternalId, reason, t), reason, ct);

    public Task<ChannelOrder?> FindAsync(long appointmentId, CancellationToken ct) =>
        db.Set<ChannelOrder>().AsNoTracking().FirstOrDefaultAsync(o => o.AppointmentId == appointmentId, ct);

    private async Task<Result<ChannelOrder>> UpdateAsync(long appointmentId,
        Func<IRecyclingChannel, ChannelOrder, CancellationToken, Task<ChannelAnswer<ChannelOrderAnswer>>> call, string detail, CancellationToken ct)
    {
        var order = await db.Set<ChannelOrder>().FirstOrDefaultAsync(o => o.AppointmentId == appointmentId, ct);
        if (order is null || registry.Find(order.Channel) is not { } channel)
        {
            return DomainError.NotFound("Channel order");
        }

        var attempts = new List<ChannelAttempt>();
        if (await AskAsync(channel, (c, t) => call(c, order, t), attempts, ct) is not { } answer)
        {
            return DomainError.Upstream(ChannelErrors.ChannelFailed, attempts.Single().ToString());
        }

        var from = order.Status;
        if (order.MoveTo(answer.Status, answer.FinalFen, clock.GetUtcNow().UtcDateTime))
        {
            outbox.Add(new ChannelOrderStatusChanged(order.AppointmentId, order.Channel, order.ExternalId, from, order.Status, order.FinalFen, detail, order.UpdatedAt));
            await db.SaveChangesAsync(ct);
        }

        return order;
    }

    /// <summary>One guarded call; null (with the attempt recorded) when the channel refused, failed, timed out or is broken.</summary>
    private async Task<TAnswer?> AskAsync<TAnswer>(IRecyclingChannel channel, Func<IRecyclingChannel, CancellationToken, Task<ChannelAnswer<TAnswer>>> call,
        List<ChannelAttempt> attempts, CancellationToken ct) where TAnswer : class
    {
        try
        {
            var answer = await guards.RunAsync(channel.Info, t => call(channel, t), ct);
            if (answer.Refusal is { } refusal)
            {
                attempts.Add(new ChannelAttempt(channel.Info.Name, ChannelAttempt.Refused, $"{refusal.Code}: {refusal.Detail}"));
            }

            return answer.Value;
        }
        catch (Exception e) when (ChannelGuards.IsChannelFailure(e) && !ct.IsCancellationRequested)
        {
            var outcome = e switch
            {
                TimeoutRejectedException => ChannelAttempt.TimedOut,
                BrokenCircuitException => ChannelAttempt.CircuitOpen,
                _ => ChannelAttempt.Unavailable,
            };
            logger.LogWarning("Recycling channel {Channel}: {Outcome} ({Error})", channel.Info.Name, outcome, e.Message);
            attempts.Add(new ChannelAttempt(channel.Info.Name, outcome, e.Message));
            return null;
        }
    }

    private async Task<ChannelOrder> RecordAsync(long appointmentId, string channel, ChannelOrderAnswer answer, CancellationToken ct)
    {
        var order = ChannelOrder.Placed(appointmentId, channel, answer, clock.GetUtcNow().UtcDateTime);
        db.Set<ChannelOrder>().Add(order);
        outbox.Add(new ChannelOrderStatusChanged(appointmentId, channel, answer.ExternalId, null, answer.Status, null, null, order.CreatedAt));
        try
        {
            await db.SaveChangesAsync(ct);
            return order;
        }
        catch (DbUpdateException e) when (OnePerAppointment.IsViolatedBy(e) || OneExternalId.IsViolatedBy(e))
        {
            // Placed at the same time by another caller: theirs stands (the channel has the appointment id as its key).
            // Without one, the channel gave another appointment's order id: its fault, not to be recorded.
            db.ChangeTracker.Clear();
            return await FindAsync(appointmentId, ct) ?? throw new InvalidOperationException(
                $"Channel {channel} answered order id {answer.ExternalId} for appointment {appointmentId}, which another appointment has.", e);
        }
    }

    /// <summary>Records what the channels asked answered, to be saved with the placement (operators read why a channel was passed over).</summary>
    private void Keep(long appointmentId, IEnumerable<ChannelAttempt> attempts)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Set<ChannelAttemptRecord>().AddRange(attempts.Select(a => ChannelAttemptRecord.Of(appointmentId, a, now)));
    }

    private async Task<ChannelPickup?> PickupAsync(long appointmentId, CancellationToken ct) =>
        await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct) is { } appointment
            ? await PickupOf(appointment, ct)
            : null;

    private async Task<ChannelPickup> PickupOf(Appointment appointment, CancellationToken ct)
    {
        var path = (await categories.ListAsync(ct)).FirstOrDefault(c => c.Id == appointment.CategoryId)?.Path ?? "";
        return new ChannelPickup(appointment.Id, appointment.CategoryId, path, appointment.QuotedFen, PickupContact.Decrypt(pii, appointment.Contact),
            appointment.SlotStart, appointment.SlotEnd);
    }
}

/// <summary>Where a pickup went: a channel's order, or our own collectors (<see cref="Order"/> null); and what each channel tried said.</summary>
public sealed record ChannelPlacement(ChannelOrder? Order, IReadOnlyList<ChannelAttempt> Attempts)
{
    public bool ToOwnCollectors => Order is null;
}

/// <summary>A channel that was asked and did not take the call: refused, unavailable, timed out, or its breaker open.</summary>
public sealed record ChannelAttempt(string Channel, string Outcome, string Detail)
{
    public const string Refused = "refused";
    public const string Unavailable = "unavailable";
    public const string TimedOut = "timed_out";
    public const string CircuitOpen = "circuit_open";

    /// <summary>Not a failure: the channel that took the pickup, as the last of the recorded attempts.</summary>
    public const string Placed = "placed";

    public override string ToString() => $"{Channel} {Outcome}: {Detail}";
}

public static class ChannelErrors
{
    /// <summary>The channel refused or failed a call about an existing order (502).</summary>
    public const string ChannelFailed = "channel_failed";
}
