using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Circula.Shared.Geo;

namespace Circula.Recycling.Areas;

/// <summary>Operators' service areas, and which one serves an address.</summary>
public sealed class ServiceAreas(CirculaDbContext db, TimeProvider clock)
{
    public async Task<Result<ServiceArea>> CreateAsync(ServiceAreaRequest request, CancellationToken ct)
    {
        var shape = GeoJsonPolygon.Validated(request.Boundary, "boundary");
        if (!shape.IsSuccess)
        {
            return shape.Error;
        }

        var area = ServiceArea.Create(request, shape.Value, clock.GetUtcNow().UtcDateTime);
        db.Add(area);
        await db.SaveChangesAsync(ct);
        return area;
    }

    /// <summary>
    /// Redraws an area and resets its slots. The new capacity also holds for the slots still to come that already have
    /// bookings (a slot over its new capacity takes no more); past slots keep the capacity they had. Last write wins, whole.
    /// </summary>
    public async Task<Result<ServiceArea>> UpdateAsync(long id, ServiceAreaRequest request, CancellationToken ct)
    {
        var shape = GeoJsonPolygon.Validated(request.Boundary, "boundary");
        if (!shape.IsSuccess)
        {
            return shape.Error;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var area = await db.Set<ServiceArea>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (area is null)
        {
            return DomainError.NotFound("Service area");
        }

        area.Update(request, shape.Value);
        // A redraw replaces the whole row: writing only the columns that differ from what this request read would let
        // two concurrent redraws leave one's name with the other's capacity.
        db.Entry(area).State = EntityState.Modified;
        await db.SaveChangesAsync(ct);
        await db.ExecuteAsync("UPDATE recycling_slot_counts SET capacity = @capacity WHERE area_id = @area AND slot_start >= @now",
            ct, ("capacity", area.SlotCapacity), ("area", area.Id), ("now", clock.GetUtcNow().UtcDateTime));
        await transaction.CommitAsync(ct);
        return area;
    }

    public Task<List<ServiceArea>> ListAsync(CancellationToken ct) => db.Set<ServiceArea>().AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);

    /// <summary>The area serving a point: of those that cover it, the oldest, so overlapping areas answer the same way every time.</summary>
    public async Task<ServiceArea?> CoveringAsync(double latitude, double longitude, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(a => a.Covers(latitude, longitude));

    public Task<ServiceArea?> FindAsync(long id, CancellationToken ct) => db.Set<ServiceArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
}
