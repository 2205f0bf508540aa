using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Delivery;

public sealed record DeliveryLogEntry(NotificationDelivery Delivery, IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>What was sent to a target, newest first, with each attempt; and sending one again.</summary>
public sealed class DeliveryLog(CirculaDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<List<DeliveryLogEntry>> ListAsync(string kind, long targetId, CancellationToken ct)
    {
        var deliveries = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.TargetKind == kind && d.TargetId == targetId)
            .OrderByDescending(d => d.Id).Take(PageSize).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Set<DeliveryAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new DeliveryLogEntry(d, attempts[d.Id].OrderBy(a => a.Attempt).ToList())).ToList();
    }

    /// <summary>Puts a delivered or given-up delivery of this target back in line (its log stays).</summary>
    public async Task<Result<NotificationDelivery>> ReplayAsync(string kind, long targetId, long deliveryId, CancellationToken ct)
    {
        var delivery = await db.Set<NotificationDelivery>().FirstOrDefaultAsync(d => d.Id == deliveryId && d.TargetKind == kind && d.TargetId == targetId, ct);
        if (delivery is null)
        {
            return DomainError.NotFound("Delivery");
        }

        if (delivery.Status == DeliveryStatus.Pending)
        {
            return DomainError.Conflict("delivery_pending", "The delivery is still waiting for its next attempt.");
        }

        delivery.Replay(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return delivery;
    }
}
