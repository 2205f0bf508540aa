using System.Text.Json;
using Circula.Shared.Results;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Circula.Shared.Geo;

/// <summary>
/// A polygon clients draw (a service area, a collector's area, a marketplace geo-fence): a GeoJSON Polygon whose positions
/// are <c>[longitude, latitude]</c> in GCJ-02, the coordinates Chinese map SDKs and <c>wx.getLocation</c> give. Each ring
/// is closed, every position is in range, the rings do not cross themselves or each other, and there are at most
/// <see cref="MaxVertices"/> positions in all.
/// </summary>
public static class GeoJsonPolygon
{
    public const int MaxVertices = 1000;

    private static readonly GeometryFactory Geometry = new();

    /// <summary>The polygon, or null with the mistakes added to <paramref name="errors"/> by JSON path (<c>coordinates[0][3]</c>).</summary>
    public static Polygon? Parse(JsonElement json, FieldErrors errors)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
            || type.GetString() != "Polygon")
        {
            errors.Add("type", "must be \"Polygon\" (a GeoJSON Polygon geometry).");
            return null;
        }

        if (!json.TryGetProperty("coordinates", out var rings) || rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0)
        {
            errors.Add("coordinates", "must be a list of linear rings, the outer one first.");
            return null;
        }

        if (rings.EnumerateArray().Sum(r => r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : 0) > MaxVertices)
        {
            errors.Add("coordinates", $"must have at most {MaxVertices:N0} positions in all.");
            return null;
        }

        var parsed = rings.EnumerateArray().Select((ring, i) => Ring(ring, $"coordinates[{i}]", errors)).ToList();
        if (errors.Any)
        {
            return null;
        }

        var polygon = Geometry.CreatePolygon(parsed[0]!, parsed.Skip(1).Select(r => r!).ToArray());
        var validity = new IsValidOp(polygon).ValidationError;
        if (validity is not null)
        {
            errors.Add("coordinates", $"must not intersect itself ({validity.Message} near {validity.Coordinate.X}, {validity.Coordinate.Y}).");
            return null;
        }

        return polygon;
    }

    /// <summary>The polygon, or a 422 naming the mistakes under <paramref name="field"/> (<c>area.coordinates[0]</c>).</summary>
    public static Result<Polygon> Validated(JsonElement json, string field)
    {
        var errors = new FieldErrors();
        var shape = Parse(json, errors.Under(field));
        return shape is null ? DomainError.Validation(errors.ToDictionary()) : shape;
    }

    /// <summary>The polygon of a GeoJSON text that was validated when it was saved.</summary>
    public static Polygon ParseSaved(string geoJson)
    {
        var errors = new FieldErrors();
        return Parse(JsonDocument.Parse(geoJson).RootElement, errors)
            ?? throw new InvalidOperationException($"A saved polygon is invalid: {string.Join("; ", errors.ToDictionary().SelectMany(e => e.Value))}");
    }

    private static LinearRing? Ring(JsonElement ring, string path, FieldErrors errors)
    {
        if (ring.ValueKind != JsonValueKind.Array || ring.GetArrayLength() < 4)
        {
            errors.Add(path, "must be a list of at least 4 positions, the last equal to the first.");
            return null;
        }

        var positions = ring.EnumerateArray().Select((p, j) => Position(p, $"{path}[{j}]", errors)).ToList();
        if (positions.Any(p => p is null))
        {
            return null;
        }

        if (!positions[0]!.Equals2D(positions[^1]!))
        {
            errors.Add(path, "must be closed: its last position must equal its first.");
            return null;
        }

        return Geometry.CreateLinearRing(positions.Select(p => p!).ToArray());
    }

    private static Coordinate? Position(JsonElement position, string path, FieldErrors errors)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() != 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
        {
            errors.Add(path, "must be [longitude, latitude].");
            return null;
        }

        var (longitude, latitude) = (position[0].GetDouble(), position[1].GetDouble());
        if (longitude is < -180 or > 180 || latitude is < -90 or > 90)
        {
            errors.Add(path, "must have a longitude from -180 to 180 and a latitude from -90 to 90.");
            return null;
        }

        return new Coordinate(longitude, latitude);
    }
}
