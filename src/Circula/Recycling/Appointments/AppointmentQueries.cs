using Circula.Data;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;
using Circula.Shared.Geo;

namespace Circula.Recycling.Appointments;

/// <summary>Reading appointments: a customer's own, a day's for operators, a collector's tasks in route order, a customer's balance.</summary>
public sealed class AppointmentQueries(CirculaDbContext db)
{
    private const int MineShown = 100;

    public Task<List<Appointment>> MineAsync(long userId, CancellationToken ct) =>
        db.Set<Appointment>().AsNoTracking().Where(a => a.UserId == userId).OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(MineShown)
            .ToListAsync(ct);

    public Task<List<Appointment>> OnDayAsync(AppointmentListQuery query, CancellationToken ct)
    {
        var (from, to) = Day(query.Date!.Value);
        var day = db.Set<Appointment>().AsNoTracking().Where(a => a.SlotStart >= from && a.SlotStart < to);
        if (query.SlotStart is { } slot)
        {
            var start = slot.ToUniversalTime();
            day = day.Where(a => a.SlotStart == start);
        }

        if (query.StatusValue is { } status)
        {
            day = day.Where(a => a.Status == status);
        }

        if (query.AreaNumber is { } area)
        {
            day = day.Where(a => a.AreaId == area);
        }

        if (query.CollectorNumber is { } collector)
        {
            day = day.Where(a => a.CollectorId == collector);
        }

        return day.OrderBy(a => a.SlotStart).ThenBy(a => a.Id).ToListAsync(ct);
    }

    public async Task<Appointment?> FindAsync(long id, CancellationToken ct) =>
        await db.Set<Appointment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    public Task<List<AppointmentHistoryEntry>> HistoryAsync(long id, CancellationToken ct) =>
        db.Set<AppointmentHistoryEntry>().AsNoTracking().Where(h => h.AppointmentId == id).OrderBy(h => h.Id).ToListAsync(ct);

    /// <summary>A collector's live and finished tasks of a China day, in route order (see <see cref="RouteOrder"/>).</summary>
    public async Task<List<Appointment>> TasksAsync(Collector collector, DateOnly date, CancellationToken ct)
    {
        var (from, to) = Day(date);
        var tasks = await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.CollectorId == collector.UserId && a.SlotStart >= from && a.SlotStart < to && a.Status != AppointmentStatus.Cancelled).ToListAsync(ct);
        return RouteOrder.Sort(tasks, a => new RouteStop(a.Id, a.SlotStart, a.Latitude, a.Longitude), collector.BaseLatitude, collector.BaseLongitude);
    }

    /// <summary>A customer's recycling balance (fen) and its movements, newest first.</summary>
    public async Task<(long BalanceFen, List<LedgerEntry> Entries)> BalanceAsync(long userId, CancellationToken ct)
    {
        var entries = await db.Set<LedgerEntry>().AsNoTracking().Where(e => e.UserId == userId).OrderByDescending(e => e.Id).ToListAsync(ct);
        return (entries.Sum(e => e.AmountFen), entries);
    }

    private static (DateTime From, DateTime To) Day(DateOnly date) => (ChinaCalendar.StartUtc(date), ChinaCalendar.StartUtc(date.AddDays(1)));
}

/// <summary>
/// A collector's route: slot by slot in time order; within a slot, nearest neighbour — each next stop is the closest
/// to the previous one, starting from the collector's base (equal distances: the lower appointment id first).
/// </summary>
public static class RouteOrder
{
    public static List<T> Sort<T>(IEnumerable<T> tasks, Func<T, RouteStop> stopOf, double baseLatitude, double baseLongitude)
    {
        var route = new List<T>();
        var (lat, lng) = (baseLatitude, baseLongitude);
        foreach (var slot in tasks.Select(t => (Task: t, Stop: stopOf(t))).GroupBy(t => t.Stop.SlotStart).OrderBy(g => g.Key))
        {
            var left = slot.OrderBy(t => t.Stop.Id).ToList();
            while (left.Count > 0)
            {
                var (fromLat, fromLng) = (lat, lng);
                var next = left.MinBy(t => GeoDistance.Metres(fromLat, fromLng, t.Stop.Latitude, t.Stop.Longitude));
                route.Add(next.Task);
                left.Remove(next);
                (lat, lng) = (next.Stop.Latitude, next.Stop.Longitude);
            }
        }

        return route;
    }
}

/// <summary>Where and when a task is, for routing.</summary>
public readonly record struct RouteStop(long Id, DateTime SlotStart, double Latitude, double Longitude);
