using System.Globalization;

namespace Circula.Shared.Geo;

/// <summary>
/// A latitude/longitude box (degrees, GCJ-02) and the latitude rows of the grid that cut it out of an index: a table
/// keeps geo_row = floor(latitude × <see cref="RowsPerDegree"/>) beside its coordinates and indexes (geo_row, longitude,
/// …), so a box is one index range per row (its longitudes) instead of a band across the map, which is all a
/// (latitude, longitude) index can do with a range on both.
/// </summary>
public sealed record GeoBox(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    /// <summary>Rows of 0.002° (about 220 m): a 3 km box is some 30 index ranges, a row of a city's core a few dozen listings per km.</summary>
    public const int RowsPerDegree = 500;

    /// <summary>Beyond this many rows a box is no narrowing worth its SQL (a 100 km radius is about 900).</summary>
    public const int MaxRows = 1_000;

    /// <summary>The row of a latitude, as the migrations' SQL computes geo_row (floor of the same double product).</summary>
    public static int Row(double latitude) => (int)Math.Floor(latitude * RowsPerDegree);

    /// <summary>
    /// The box that holds every point within <paramref name="km"/> along the sphere of radius <paramref name="earthRadiusKm"/>
    /// (so every point outside it is farther); null when it would reach a pole or cross the antimeridian. From the
    /// haversine: sin²(d/2) ≥ cos φ₁ cos φ₂ sin²(Δλ/2) and cos φ₂ ≥ cos of the box's latitude farthest from the equator.
    /// </summary>
    public static GeoBox? Around(double latitude, double longitude, double km, double earthRadiusKm)
    {
        // A hair wider than the circle: the database's own rounding of the distance must not put a point on the circle outside.
        var angle = km * (1 + 1e-9) / earthRadiusKm;
        var dLat = angle * 180 / Math.PI;
        var far = Math.Abs(latitude) + dLat;
        if (far >= 90)
        {
            return null;
        }

        var sine = Math.Sin(angle / 2) / Math.Sqrt(Math.Cos(latitude * Math.PI / 180) * Math.Cos(far * Math.PI / 180));
        var dLng = sine < 1 ? 2 * Math.Asin(sine) * 180 / Math.PI : double.PositiveInfinity;
        return longitude - dLng < -180 || longitude + dLng > 180 ? null : new GeoBox(latitude - dLat, latitude + dLat, longitude - dLng, longitude + dLng);
    }

    public int RowCount => Row(MaxLatitude) - Row(MinLatitude) + 1;

    /// <summary>Whether the rows are few enough for <see cref="Condition"/>; a larger box is read by its coordinates alone.</summary>
    public bool Narrows => RowCount <= MaxRows;

    /// <summary>
    /// The SQL condition on <paramref name="alias"/>'s longitude and latitude (and its geo_row when the box
    /// <see cref="Narrows"/>), with the box's bounds as the parameters minLat, maxLat, minLng, maxLng (the rows are
    /// integers, written out).
    /// </summary>
    public string Condition(string alias, List<(string Name, object? Value)> parameters)
    {
        parameters.AddRange([("minLat", MinLatitude), ("maxLat", MaxLatitude), ("minLng", MinLongitude), ("maxLng", MaxLongitude)]);
        var rows = Narrows
            ? $"{alias}.geo_row IN ({string.Join(",", Enumerable.Range(Row(MinLatitude), RowCount).Select(r => r.ToString(CultureInfo.InvariantCulture)))}) AND "
            : "";
        return $"{rows}{alias}.longitude BETWEEN @minLng AND @maxLng AND {alias}.latitude BETWEEN @minLat AND @maxLat";
    }
}
