using Circula.Data;
using Circula.Recycling.Contracts;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Payouts;

/// <summary>
/// Asks the provider about payouts processing for longer than <see cref="RecyclingOptions.PayoutQueryAfter"/> (the user
/// has not confirmed yet, or the result notification was lost) and applies its answer through the same step as a
/// notification (<see cref="PayoutUpdates"/>). Replicas share the due rows: each is claimed by one conditional update
/// that moves its next query time, so only one replica asks.
/// </summary>
public sealed class ProcessingPayoutQueries(CirculaDbContext db, PayoutProviders providers, PayoutUpdates updates, TimeProvider clock,
    IOptions<RecyclingOptions> options, IOptions<WorkerOptions> workers, ILogger<ProcessingPayoutQueries> logger) : IScopedJob
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<Payout>().AsNoTracking().Where(p => p.Status == PayoutStatus.Processing && p.NextQueryAt <= now)
            .OrderBy(p => p.NextQueryAt).Take(workers.Value.BatchSize).Select(p => new { p.AppointmentId, p.NextQueryAt }).ToListAsync(ct);
        foreach (var row in due)
        {
            var claimed = await db.Set<Payout>().Where(p => p.AppointmentId == row.AppointmentId && p.NextQueryAt == row.NextQueryAt)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.NextQueryAt, now + options.Value.PayoutQueryAfter), ct);
            if (claimed == 1)
            {
                await QueryAsync(row.AppointmentId, ct);
            }
        }

        return due.Count;
    }

    private async Task QueryAsync(long appointmentId, CancellationToken ct)
    {
        var payout = await db.Set<Payout>().AsNoTracking().FirstAsync(p => p.AppointmentId == appointmentId, ct);
        if (providers.Find(payout.Provider) is not { } provider)
        {
            logger.LogWarning("Payout {Number} is processing with {Provider}, which is not configured; not asked", payout.Number, payout.Provider);
            return;
        }

        try
        {
            if (await provider.QueryAsync(payout.Order, ct) is { } answer)
            {
                await updates.ApplyAsync(appointmentId, payout.Provider, answer, null, null, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DbUpdateException)
        {
            // The provider is out of reach: the claim already moved the next query time, so it is asked again then.
            logger.LogWarning(e, "Payout {Number}: {Provider} could not be asked; again in {After}", payout.Number, payout.Provider, options.Value.PayoutQueryAfter);
        }
    }
}
