using Circula.Shared;
using Circula.Shared.Geo;

namespace Circula.Recycling.Appointments;

/// <summary>Which slots to show: those of the area containing a point (GCJ-02 degrees) on a China calendar day.</summary>
public sealed record SlotQuery(double? Lat, double? Lng, DateOnly? Date) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Coordinates("lat", Lat, "lng", Lng);
        if (Date is null)
        {
            errors.Add("date", "is required (yyyy-MM-dd, China time).");
        }
    }
}

/// <summary>Free places in one slot.</summary>
public sealed record FreeSlot(DateTime Start, DateTime End, int Free);

/// <summary>Places booked in one slot of an area, of its capacity.</summary>
public sealed record SlotFill(DateTime Start, DateTime End, int Capacity, int Booked);

/// <summary>An area's slots of one day and how full they are.</summary>
public sealed record AreaFill(long AreaId, string AreaName, IReadOnlyList<SlotFill> Slots);

/// <summary>The area serving an address and its free slots on a day.</summary>
public sealed record AreaSlots(long AreaId, string AreaName, DateOnly Date, IReadOnlyList<FreeSlot> Slots);
