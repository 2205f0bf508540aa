using Circula.Data;
using Circula.Recycling.Contracts;
using Circula.Shared.StateMachines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Payouts;

/// <summary>A provider's notification as applied once: (provider, notification id) is the key, so a repeat finds it.</summary>
public sealed class PayoutNotification
{
    public string Provider { get; init; } = "";

    public string NotificationId { get; init; } = "";

    public long AppointmentId { get; init; }

    public string Outcome { get; init; } = "";

    public DateTime ReceivedAt { get; init; }
}

/// <summary>Where an answer came from when it was a notification: the key it is applied once by.</summary>
public sealed record PayoutNoticeKey(string Provider, string NotificationId);

/// <summary>What became of an answer.</summary>
public enum PayoutUpdate
{
    /// <summary>Applied now, or before (a repeat).</summary>
    Applied,

    /// <summary>No payout of that number and provider, or the provider reports another amount, or contradicts the final state: not applied.</summary>
    Rejected,

    /// <summary>A concurrent update won and the payout is not final yet: try again.</summary>
    Busy,
}

/// <summary>
/// The one step that applies a provider's answer to a payout, whether it comes from paying, a notification or a query: in
/// one transaction the payout moves through <see cref="PayoutStateMachine"/> on the <see cref="StateMachineEngine"/> (its
/// version checked; a history row and one <see cref="PayoutStatusChanged"/>), a paid one debits the customer's ledger
/// (unique per appointment), and a notification is recorded under its id. Of racing copies exactly one commits; the
/// others find the payout final and answer applied.
/// </summary>
public sealed class PayoutUpdates(CirculaDbContext db, StateMachineEngine engine, TimeProvider clock, IOptions<RecyclingOptions> options, ILogger<PayoutUpdates> logger)
{
    private static readonly UniqueIndex NotificationKey = new("recycling_payout_notifications_pkey", "recycling_payout_notifications.provider");
    private static readonly UniqueIndex LedgerKey = new("recycling_ledger_entries_appointment_id_reason_key", "recycling_ledger_entries.appointment_id");

    public async Task<PayoutUpdate> ApplyAsync(long appointmentId, string provider, PayoutAnswer answer, PayoutNoticeKey? notice, long? reportedFen,
        CancellationToken ct)
    {
        try
        {
            return await ApplyOnceAsync(appointmentId, provider, answer, notice, reportedFen, ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || NotificationKey.IsViolatedBy(e) || LedgerKey.IsViolatedBy(e))
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<Payout>().AsNoTracking().FirstOrDefaultAsync(p => p.AppointmentId == appointmentId, ct);
            logger.LogInformation("Payout PO{Appointment}: a concurrent update won ({Status})", appointmentId, now?.Status);
            return now is { IsFinal: true } ? PayoutUpdate.Applied : PayoutUpdate.Busy;
        }
    }

    private async Task<PayoutUpdate> ApplyOnceAsync(long appointmentId, string provider, PayoutAnswer answer, PayoutNoticeKey? notice, long? reportedFen,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (notice is not null && await db.Set<PayoutNotification>().AsNoTracking()
                .AnyAsync(n => n.Provider == notice.Provider && n.NotificationId == notice.NotificationId, ct))
        {
            return PayoutUpdate.Applied;
        }

        var payout = await db.Set<Payout>().FirstOrDefaultAsync(p => p.AppointmentId == appointmentId && p.Provider == provider, ct);
        if (payout is null || (reportedFen is { } fen && fen != payout.AmountFen))
        {
            logger.LogError("Payout PO{Appointment} ({Provider}): the provider reports {Fen} fen for a payout we {Know}; not applied", appointmentId, provider,
                reportedFen, payout is null ? "do not have" : $"owe {payout.AmountFen} fen for");
            return PayoutUpdate.Rejected;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var change = payout.Take(answer, (trigger, reason) => engine.Apply(PayoutStateMachine.Machine, payout, trigger, Requester.System, reason).IsSuccess,
            now + options.Value.PayoutQueryAfter);
        if (change == PayoutChange.Contradicted)
        {
            logger.LogError("Payout {Number} is {Status} and {Provider} now answers {Answer}; not applied", payout.Number, payout.Status, provider, answer);
            return PayoutUpdate.Rejected;
        }

        if (change == PayoutChange.Paid)
        {
            db.Add(LedgerEntry.Debit(payout, now));
        }

        if (notice is not null)
        {
            db.Add(new PayoutNotification
            {
                Provider = notice.Provider, NotificationId = notice.NotificationId, AppointmentId = appointmentId, Outcome = change.ToString(), ReceivedAt = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return PayoutUpdate.Applied;
    }
}
