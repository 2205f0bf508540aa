using Circula.Data;
using Circula.Shared.Work;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Channels;

/// <summary>
/// Asks the channels about their open orders that have had no news for <see cref="RecyclingChannelsOptions.ChannelRefreshAfter"/>
/// (a lost callback must not leave a pickup hanging), applying the answer like a callback. Each due order is claimed by a
/// conditional update of its <see cref="ChannelOrder.CheckedAt"/>, so of several replicas one asks, once per period.
/// </summary>
public sealed class ChannelOrderRefresh(CirculaDbContext db, RecyclingChannels channels, IOptions<RecyclingChannelsOptions> options,
    IOptions<WorkerOptions> workers, TimeProvider clock, ILogger<ChannelOrderRefresh> logger) : IScopedJob
{
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var quietSince = now - options.Value.ChannelRefreshAfter;
        var due = await Due(quietSince).OrderBy(o => o.UpdatedAt).Select(o => o.AppointmentId).Take(workers.Value.BatchSize).ToListAsync(ct);
        var asked = 0;
        foreach (var appointmentId in due)
        {
            if (await Due(quietSince).Where(o => o.AppointmentId == appointmentId).ExecuteUpdateAsync(s => s.SetProperty(o => o.CheckedAt, now), ct) == 0)
            {
                continue;
            }

            asked++;
            try
            {
                if (await channels.RefreshAsync(appointmentId, ct) is { IsSuccess: false } failed)
                {
                    logger.LogWarning("Channel order of appointment {Appointment} not refreshed: {Detail}", appointmentId, failed.Error.Detail);
                }
            }
            catch (DbUpdateConcurrencyException)
            {
                // A callback moved the order meanwhile: that is news, and the next period asks again if it is needed.
            }

            db.ChangeTracker.Clear();
        }

        return asked;
    }

    private IQueryable<ChannelOrder> Due(DateTime quietSince) =>
        db.Set<ChannelOrder>().Where(o => ChannelOrder.OpenStatuses.Contains(o.Status) && o.UpdatedAt < quietSince && (o.CheckedAt == null || o.CheckedAt < quietSince));
}
