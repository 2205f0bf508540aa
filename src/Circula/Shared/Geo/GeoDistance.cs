namespace Circula.Shared.Geo;

/// <summary>Great-circle distances between GCJ-02 points (degrees); over a city the datum's offset cancels out.</summary>
public static class GeoDistance
{
    private const double EarthRadiusMetres = 6_371_000;

    /// <summary>Metres along the sphere between two points (the haversine formula).</summary>
    public static double Metres(double lat1, double lng1, double lat2, double lng2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var (dLat, dLng) = (Radians(lat2 - lat1), Radians(lng2 - lng1));
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>
    /// The latitude/longitude box that holds every point within <paramref name="metres"/> of a point, for a cheap indexed
    /// filter before the exact distance (the box is wider than the circle, never narrower).
    /// </summary>
    public static (double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude) Box(double latitude, double longitude, double metres)
    {
        var dLat = metres / EarthRadiusMetres * 180 / Math.PI;
        var cos = Math.Cos(Math.Min(89.9, Math.Abs(latitude) + dLat) * Math.PI / 180);
        var dLng = Math.Min(180, dLat / cos);
        return (latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng);
    }
}
