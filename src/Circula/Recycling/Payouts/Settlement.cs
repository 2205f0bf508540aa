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

    /// <summary>The payout of one of <paramref name="customerId"/>'s appointments; another customer's is not found.</summary>
    public Task<Payout?> FindForCustomerAsync(long appointmentId, long customerId, CancellationToken ct) =>
        db.Set<Payout>().AsNoTracking().FirstOrDefaultAsync(p => p.AppointmentId == appointmentId && p.UserId == customerId, ct);
}

/// <summary>
/// Pays a requested payout through its provider and applies the answer through <see cref="PayoutUpdates"/> (a paid one
/// debits the customer's ledger in the same transaction). A repeated delivery finds the payout no longer requested and
/// does nothing; a provider that is not configured (or cannot be reached) throws, so the delivery is retried.
/// </summary>
public sealed class PayoutHandler(CirculaDbContext db, PayoutProviders providers, PayoutUpdates updates) : IOutboxHandler<PayoutRequested>
{
    public static string Name => "recycling.pay-out";

    public async Task HandleAsync(PayoutRequested @event, EventEnvelope envelope, CancellationToken ct)
    {
        var payout = await db.Set<Payout>().AsNoTracking().FirstOrDefaultAsync(p => p.AppointmentId == @event.AppointmentId.Value, ct);
        if (payout is not { Status: PayoutStatus.Requested })
        {
            return;
        }

        var provider = providers.Find(payout.Provider) ?? throw new InvalidOperationException($"The payout provider {payout.Provider} is not configured.");
        var answer = await provider.PayAsync(payout.Order, ct);
        if (await updates.ApplyAsync(payout.AppointmentId, payout.Provider, answer, null, null, ct) == PayoutUpdate.Busy)
        {
            throw new InvalidOperationException($"Payout {payout.Number} changed while its answer was applied; the delivery is retried.");
        }
    }
}
