using Circula.Recycling.Areas;
using NetTopologySuite.Geometries;
using Circula.Shared.Geo;

namespace Circula.Recycling.Collectors;

/// <summary>
/// A collector's profile (keyed by their user id): the area they cover (GeoJSON, GCJ-02), where they start from, their
/// daily hours in China time and how many pickups they take per slot. Dispatch reads it; only operators change it.
/// </summary>
public sealed class Collector
{
    private Polygon? _shape;

    private Collector()
    {
    }

    public long UserId { get; private init; }

    public string Name { get; private set; } = "";

    /// <summary>The covered area as validated GeoJSON text.</summary>
    public string Area { get; private set; } = "";

    public double BaseLatitude { get; private set; }

    public double BaseLongitude { get; private set; }

    public int OpensMinute { get; private set; }

    public int ClosesMinute { get; private set; }

    public int SlotCapacity { get; private set; }

    public bool Active { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; } = 1;

    public Polygon Shape => _shape ??= GeoJsonPolygon.ParseSaved(Area);

    public static Collector Create(long userId, CollectorProfile profile, Polygon shape, DateTime now)
    {
        var collector = new Collector { UserId = userId, CreatedAt = now };
        collector.Update(profile, shape, now);
        return collector;
    }

    public void Update(CollectorProfile profile, Polygon shape, DateTime now)
    {
        Name = profile.Name!.Trim();
        Area = profile.Area.GetRawText();
        _shape = shape;
        BaseLatitude = profile.BaseLatitude!.Value;
        BaseLongitude = profile.BaseLongitude!.Value;
        OpensMinute = (int)ServiceAreaRequest.Minutes(profile.Opens)!;
        ClosesMinute = (int)ServiceAreaRequest.Minutes(profile.Closes)!;
        SlotCapacity = profile.SlotCapacity;
        Active = profile.Active;
        UpdatedAt = now;
        Version++;
    }

    /// <summary>Whether the point is inside the collector's area or on its border (GCJ-02 degrees).</summary>
    public bool Covers(double latitude, double longitude) => Shape.Covers(Shape.Factory.CreatePoint(new Coordinate(longitude, latitude)));

    /// <summary>Whether the whole slot lies within the collector's hours on its China day.</summary>
    public bool WorksDuring(PickupSlot slot)
    {
        var midnight = Shared.ChinaCalendar.StartUtc(Shared.ChinaCalendar.DayOf(slot.Start));
        return (slot.Start - midnight).TotalMinutes >= OpensMinute && (slot.End - midnight).TotalMinutes <= ClosesMinute;
    }

    /// <summary>Great-circle metres from the collector's base to a point; GCJ-02 offsets are the same for both, so it ranks fine.</summary>
    public double DistanceTo(double latitude, double longitude) => GeoDistance.Metres(BaseLatitude, BaseLongitude, latitude, longitude);
}
