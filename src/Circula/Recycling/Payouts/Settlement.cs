using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Appointments;
using Circula.Recycling.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Payouts;

/// <summary>
/// Settles a completed appointment exactly once: in the completion's transaction a payout row (unique per appointment),
/// the customer's ledger credit and one <see cref="PayoutRequested"/>; the provider is called after the commit by
/// <see cref="PayoutHandler"/>, never inside a transaction.
/// </summary>
public sealed class Settlement(CirculaDbContext db, Outbox outbox, TimeProvider clock)
{
    public void Request(Appointment appointment, string provider)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var payout = Payout.Request(appointment.Id, appointment.UserId, appointment.CollectorId!.Value, provider, appointment.FinalFen!.Value, now);
        db.Add(payout);
        db.Add(LedgerEntry.Credit(payout, now));
        outbox.Add(new PayoutRequested(AppointmentId.From(appointment.Id), UserId.From(appointment.UserId), provider, payout.AmountFen));
    }

    public Task<Payout?> FindAsync(long appointmentId, CancellationToken ct) =>
        db.Set<Payout>().AsNoTracking().FirstOrDefaultAsync(p => p.AppointmentId == appointmentId, ct);
}

/// <summary>
/// Pays a requested payout through its provider and records the answer; a paid one debits the customer's ledger in the
/// same transaction. A repeated delivery finds the payout no longer requested and does nothing; a provider that is not
/// configured (or cannot be reached) throws, so the delivery is retried.
/// </summary>
public sealed class PayoutHandler(CirculaDbContext db, PayoutProviders providers, TimeProvider clock) : IOutboxHandler<PayoutRequested>
{
    public static string Name => "recycling.pay-out";

    public async Task HandleAsync(PayoutRequested @event, EventEnvelope envelope, CancellationToken ct)
    {
        var payout = await db.Set<Payout>().FirstOrDefaultAsync(p => p.AppointmentId == @event.AppointmentId.Value, ct);
        if (payout is not { Status: PayoutStatus.Requested })
        {
            return;
        }

        var provider = providers.Find(payout.Provider) ?? throw new InvalidOperationException($"The payout provider {payout.Provider} is not configured.");
        var answer = await provider.PayAsync(payout.Order, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (payout.Record(answer, now))
        {
            db.Add(LedgerEntry.Debit(payout, now));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}
