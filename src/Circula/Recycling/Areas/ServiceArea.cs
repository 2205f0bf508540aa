using NetTopologySuite.Geometries;
using Circula.Shared.Geo;

namespace Circula.Recycling.Areas;

/// <summary>One pickup slot of an area: [Start, End) in UTC.</summary>
public readonly record struct PickupSlot(DateTime Start, DateTime End);

/// <summary>
/// Where collectors pick up, and when: a polygon (GeoJSON, GCJ-02), the day's opening hours in China time, cut into
/// slots of <see cref="SlotMinutes"/> that each take at most <see cref="SlotCapacity"/> appointments.
/// </summary>
public sealed class ServiceArea
{
    private Polygon? _shape;

    private ServiceArea()
    {
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The boundary as validated GeoJSON text.</summary>
    public string Boundary { get; private set; } = "";

    public int SlotMinutes { get; private set; }

    public int SlotCapacity { get; private set; }

    /// <summary>Minutes after midnight, China time, the first slot starts.</summary>
    public int OpensMinute { get; private set; }

    /// <summary>Minutes after midnight, China time, by which the last slot has ended.</summary>
    public int ClosesMinute { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public Polygon Shape => _shape ??= GeoJsonPolygon.ParseSaved(Boundary);

    /// <summary>Whether the point is inside the area or on its boundary (GCJ-02 degrees).</summary>
    public bool Covers(double latitude, double longitude) => Shape.Covers(Shape.Factory.CreatePoint(new Coordinate(longitude, latitude)));

    /// <summary>The area's slots on a China calendar day, in order.</summary>
    public IEnumerable<PickupSlot> SlotsOn(DateOnly day)
    {
        var midnight = Shared.ChinaCalendar.StartUtc(day);
        for (var minute = OpensMinute; minute + SlotMinutes <= ClosesMinute; minute += SlotMinutes)
        {
            yield return new PickupSlot(midnight.AddMinutes(minute), midnight.AddMinutes(minute + SlotMinutes));
        }
    }

    /// <summary>The slot starting exactly at <paramref name="start"/>, if the area has one.</summary>
    public PickupSlot? SlotStartingAt(DateTime start) =>
        SlotsOn(Shared.ChinaCalendar.DayOf(start)).Where(s => s.Start == start).Select(s => (PickupSlot?)s).FirstOrDefault();

    public static ServiceArea Create(ServiceAreaRequest request, Polygon shape, DateTime now)
    {
        var area = new ServiceArea { CreatedAt = now };
        area.Update(request, shape);
        return area;
    }

    /// <summary>Replaces the name, boundary, slots and hours; booked appointments keep their slots.</summary>
    public void Update(ServiceAreaRequest request, Polygon shape)
    {
        Name = request.Name!.Trim();
        Boundary = request.Boundary.GetRawText();
        SlotMinutes = request.SlotMinutes;
        SlotCapacity = request.SlotCapacity;
        OpensMinute = (int)ServiceAreaRequest.Minutes(request.Opens)!;
        ClosesMinute = (int)ServiceAreaRequest.Minutes(request.Closes)!;
        _shape = shape;
    }
}
