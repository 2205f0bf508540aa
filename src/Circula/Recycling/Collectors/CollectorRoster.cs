using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Areas;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Circula.Shared.Geo;

namespace Circula.Recycling.Collectors;

/// <summary>Operators' collector profiles, and the places each collector has left in a slot.</summary>
public sealed class CollectorRoster(CirculaDbContext db, IUserDirectory users, TimeProvider clock)
{
    private static readonly UniqueIndex OneProfilePerUser = new("recycling_collectors_pkey", "recycling_collectors.user_id");

    public async Task<Result<Collector>> CreateAsync(NewCollector request, CancellationToken ct)
    {
        var userId = request.UserNumber!.Value;
        var roles = await users.RolesOfAsync(UserId.From(userId), ct);
        if (roles is null || !roles.Contains(Roles.Collector, StringComparer.Ordinal))
        {
            return DomainError.Validation("userId", "must be a user with the collector role.");
        }

        var shape = GeoJsonPolygon.Validated(request.Area, "area");
        if (!shape.IsSuccess)
        {
            return shape.Error;
        }

        var collector = Collector.Create(userId, request, shape.Value, clock.GetUtcNow().UtcDateTime);
        db.Add(collector);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (OneProfilePerUser.IsViolatedBy(e))
        {
            db.Entry(collector).State = EntityState.Detached;
            return Exists();
        }

        return collector;
    }

    public async Task<Result<Collector>> UpdateAsync(long userId, CollectorProfile profile, CancellationToken ct)
    {
        var collector = await db.Set<Collector>().FirstOrDefaultAsync(c => c.UserId == userId, ct);
        if (collector is null)
        {
            return DomainError.NotFound("Collector");
        }

        var shape = GeoJsonPolygon.Validated(profile.Area, "area");
        if (!shape.IsSuccess)
        {
            return shape.Error;
        }

        collector.Update(profile, shape.Value, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return collector;
    }

    public Task<List<Collector>> ListAsync(CancellationToken ct) => db.Set<Collector>().AsNoTracking().OrderBy(c => c.UserId).ToListAsync(ct);

    public Task<Collector?> FindAsync(long userId, CancellationToken ct) => db.Set<Collector>().AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, ct);

    /// <summary>Takes one of the collector's places in the slot inside the caller's transaction; false when they have none left.</summary>
    public async Task<bool> TakePlaceAsync(Collector collector, PickupSlot slot, CancellationToken ct)
    {
        await db.ExecuteAsync(
            "INSERT INTO recycling_collector_slots (collector_id, slot_start, booked) VALUES (@collector, @start, 0) ON CONFLICT (collector_id, slot_start) DO NOTHING",
            ct, ("collector", collector.UserId), ("start", slot.Start));
        return await db.ExecuteAsync("UPDATE recycling_collector_slots SET booked = booked + 1 WHERE collector_id = @collector AND slot_start = @start AND booked < @capacity",
            ct, ("collector", collector.UserId), ("start", slot.Start), ("capacity", collector.SlotCapacity)) == 1;
    }

    /// <summary>Gives a place back inside the caller's transaction (a cancelled or reassigned pickup).</summary>
    public Task ReleasePlaceAsync(long collectorUserId, DateTime slotStart, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE recycling_collector_slots SET booked = booked - 1 WHERE collector_id = @collector AND slot_start = @start AND booked > 0",
            ct, ("collector", collectorUserId), ("start", slotStart));

    private static DomainError Exists() => DomainError.Conflict("collector_exists", "This user already has a collector profile; change it with PUT.");
}
