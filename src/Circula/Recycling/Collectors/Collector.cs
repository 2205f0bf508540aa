using Circula.Recycling.Areas;
using NetTopologySuite.Geometries;

namespace Circula.Recycling.Collectors;

/// <summary>
/// A collector's profile (keyed by their user id): the area they cover (GeoJSON, GCJ-02), where they start from, their
/// daily hours in China time and how many pickups they take per slot. Dispatch reads it; only operators change it.
/// </summary>
public sealed class Collector
{
    private const double EarthRadiusMetres = 6_371_000;
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

    public Polygon Shape => _shape ??= AreaBoundary.ParseSaved(Area);

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
    public double DistanceTo(double latitude, double longitude) => Metres(BaseLatitude, BaseLongitude, latitude, longitude);

    public static double Metres(double lat1, double lng1, double lat2, double lng2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var (dLat, dLng) = (Radians(lat2 - lat1), Radians(lng2 - lng1));
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
