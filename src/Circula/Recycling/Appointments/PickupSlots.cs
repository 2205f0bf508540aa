using Circula.Data;
using Circula.Recycling.Areas;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Appointments;

/// <summary>
/// The slots customers may book: aligned to their area's grid, at least <see cref="RecyclingOptions.MinLeadTime"/> and
/// at most <see cref="RecyclingOptions.MaxAdvance"/> ahead, and not full. Taking a place is one conditional UPDATE on the
/// slot's count row, so the database, not a read before the write, decides who gets the last one.
/// </summary>
public sealed class PickupSlots(CirculaDbContext db, ServiceAreas areas, TimeProvider clock, IOptions<RecyclingOptions> options)
{
    private const int NextFreeShown = 3;

    public async Task<Result<AreaSlots>> FreeOnAsync(SlotQuery query, CancellationToken ct)
    {
        var area = await areas.CoveringAsync(query.Lat!.Value, query.Lng!.Value, ct);
        if (area is null)
        {
            return OutsideEveryArea("lat");
        }

        var day = query.Date!.Value;
        var slots = area.SlotsOn(day).ToList();
        var free = slots.Count == 0 ? [] : await FreeAsync(area, slots, ct);
        return new AreaSlots(area.Id, area.Name, day, free);
    }

    public static DomainError OutsideEveryArea(string field) =>
        DomainError.Invalid("outside_service_area", "We do not pick up at this address yet: it is outside every service area.",
            new Dictionary<string, string[]> { [field] = ["is outside every service area."] });

    /// <summary>The slot of <paramref name="area"/> starting at <paramref name="start"/>, if a customer may book it now (full or not).</summary>
    public Result<PickupSlot> Bookable(ServiceArea area, DateTime start)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (start < now + options.Value.MinLeadTime || start > now + options.Value.MaxAdvance)
        {
            return DomainError.Validation("slotStart",
                $"must start at least {options.Value.MinLeadTime.TotalMinutes:0} minutes and at most {options.Value.MaxAdvance.TotalDays:0} days from now.");
        }

        return area.SlotStartingAt(start) is { } slot
            ? slot
            : DomainError.Validation("slotStart", $"must be the start of one of the area's slots ({area.SlotMinutes} minutes from {area.OpensMinute / 60:00}:{area.OpensMinute % 60:00} China time).");
    }

    /// <summary>Takes a place in the slot inside the caller's transaction; false when it is full.</summary>
    public async Task<bool> TakeAsync(ServiceArea area, PickupSlot slot, CancellationToken ct)
    {
        await db.ExecuteAsync(
            "INSERT INTO recycling_slot_counts (area_id, slot_start, capacity, booked) VALUES (@area, @start, @capacity, 0) " +
            "ON CONFLICT (area_id, slot_start) DO NOTHING", ct, ("area", area.Id), ("start", slot.Start), ("capacity", area.SlotCapacity));
        return await db.ExecuteAsync("UPDATE recycling_slot_counts SET booked = booked + 1 WHERE area_id = @area AND slot_start = @start AND booked < capacity",
            ct, ("area", area.Id), ("start", slot.Start)) == 1;
    }

    /// <summary>Gives a place back inside the caller's transaction (a cancelled appointment).</summary>
    public Task ReleaseAsync(long areaId, DateTime slotStart, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE recycling_slot_counts SET booked = booked - 1 WHERE area_id = @area AND slot_start = @start AND booked > 0",
            ct, ("area", areaId), ("start", slotStart));

    /// <summary>The refusal of a full slot, with the next few bookable slots that still have room.</summary>
    public async Task<DomainError> FullAsync(ServiceArea area, PickupSlot slot, CancellationToken ct)
    {
        var last = clock.GetUtcNow().UtcDateTime + options.Value.MaxAdvance;
        var later = new List<FreeSlot>();
        for (var day = ChinaCalendar.DayOf(slot.Start); later.Count < NextFreeShown && ChinaCalendar.StartUtc(day) <= last; day = day.AddDays(1))
        {
            later.AddRange((await FreeAsync(area, area.SlotsOn(day).Where(s => s.Start > slot.Start).ToList(), ct)).Take(NextFreeShown - later.Count));
        }

        return new DomainError(ErrorKind.Conflict, "slot_full", "This pickup slot is full; nextFreeSlots lists the next ones with room.",
            Extensions: new Dictionary<string, object> { ["nextFreeSlots"] = later });
    }

    /// <summary>
    /// Every area's slots on a China day with the places booked of their capacity, in slot order. A slot an area no longer
    /// has (its hours or slot length changed after booking) is still shown while it holds bookings.
    /// </summary>
    public async Task<List<AreaFill>> FillOnAsync(DateOnly day, CancellationToken ct)
    {
        var (from, to) = (ChinaCalendar.StartUtc(day), ChinaCalendar.StartUtc(day.AddDays(1)));
        var counts = (await db.Set<SlotCount>().AsNoTracking().Where(c => c.SlotStart >= from && c.SlotStart < to).ToListAsync(ct))
            .ToLookup(c => c.AreaId);
        return (await areas.ListAsync(ct)).Select(area =>
        {
            var booked = counts[area.Id].ToDictionary(c => DateTime.SpecifyKind(c.SlotStart, DateTimeKind.Utc));
            var grid = area.SlotsOn(day).ToDictionary(s => s.Start, s => s.End);
            var slots = grid.Keys.Union(booked.Where(b => b.Value.Booked > 0).Select(b => b.Key)).Order()
                .Select(start => new SlotFill(start, grid.TryGetValue(start, out var end) ? end : start.AddMinutes(area.SlotMinutes),
                    booked.TryGetValue(start, out var count) ? count.Capacity : area.SlotCapacity, booked.TryGetValue(start, out count) ? count.Booked : 0))
                .ToList();
            return new AreaFill(area.Id, area.Name, slots);
        }).ToList();
    }

    /// <summary>Of <paramref name="slots"/> (one day's, in order), those bookable now with room left.</summary>
    private async Task<List<FreeSlot>> FreeAsync(ServiceArea area, List<PickupSlot> slots, CancellationToken ct)
    {
        if (slots.Count == 0)
        {
            return [];
        }

        var (first, last) = (slots[0].Start, slots[^1].Start);
        var booked = await db.Set<SlotCount>().AsNoTracking().Where(c => c.AreaId == area.Id && c.SlotStart >= first && c.SlotStart <= last)
            .Select(c => new { c.SlotStart, Left = c.Capacity - c.Booked }).ToListAsync(ct);
        var left = booked.ToDictionary(c => DateTime.SpecifyKind(c.SlotStart, DateTimeKind.Utc), c => c.Left);
        return slots.Where(s => Bookable(area, s.Start).IsSuccess)
            .Select(s => new FreeSlot(s.Start, s.End, left.GetValueOrDefault(s.Start, area.SlotCapacity)))
            .Where(s => s.Free > 0).ToList();
    }
}
