using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Areas;

/// <summary>Operators' service areas, and which one serves an address.</summary>
public sealed class ServiceAreas(CirculaDbContext db, TimeProvider clock)
{
    public async Task<Result<ServiceArea>> CreateAsync(ServiceAreaRequest request, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var shape = AreaBoundary.Parse(request.Boundary, errors.Under("boundary"));
        if (shape is null)
        {
            return DomainError.Validation(errors.ToDictionary());
        }

        var area = ServiceArea.Create(request, shape, clock.GetUtcNow().UtcDateTime);
        db.Add(area);
        await db.SaveChangesAsync(ct);
        return area;
    }

    public Task<List<ServiceArea>> ListAsync(CancellationToken ct) => db.Set<ServiceArea>().AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);

    /// <summary>The area serving a point: of those that cover it, the oldest, so overlapping areas answer the same way every time.</summary>
    public async Task<ServiceArea?> CoveringAsync(double latitude, double longitude, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(a => a.Covers(latitude, longitude));

    public Task<ServiceArea?> FindAsync(long id, CancellationToken ct) => db.Set<ServiceArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
}
