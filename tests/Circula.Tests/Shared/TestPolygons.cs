using Circula.Shared.Geo;
using NetTopologySuite.Geometries;

namespace Circula.Tests.Shared;

/// <summary>Polygons for the geo-fence tests, placed by their south-west corner: convex, concave, with a hole, a comb, random stars.</summary>
internal static class TestPolygons
{
    public static readonly GeometryFactory Factory = new();

    public static Polygon Polygon(params (double Lng, double Lat)[][] rings) =>
        Factory.CreatePolygon(Ring(rings[0]), rings.Skip(1).Select(Ring).ToArray());

    public static bool Covers(this Polygon polygon, double lng, double lat) => polygon.Covers(Factory.CreatePoint(new Coordinate(lng, lat)));

    /// <summary>The southern border of a row of the geo grid (the latitude the database puts in it).</summary>
    public static double Border(double row) => row / GeoBox.RowsPerDegree;

    /// <summary>The bench's 3 km hexagon (bench/within-3km.json) moved: horizontal edges north and south, vertices west and east.</summary>
    public static Polygon Hexagon(double x, double y) => Polygon([(x + 0.06248, y + 0.02337), (x + 0.04686, y + 0.04674), (x + 0.01562, y + 0.04674),
        (x, y + 0.02337), (x + 0.01562, y), (x + 0.04686, y)]);

    /// <summary>A U 0.06° square: two arms 0.02° wide, 0.04° tall, with 0.02° of outside between them.</summary>
    public static Polygon U(double x, double y) => Polygon([(x, y), (x + 0.06, y), (x + 0.06, y + 0.06), (x + 0.04, y + 0.06), (x + 0.04, y + 0.02),
        (x + 0.02, y + 0.02), (x + 0.02, y + 0.06), (x, y + 0.06)]);

    /// <summary>A 0.05° square with a 0.01° square hole in its middle.</summary>
    public static Polygon SquareWithHole(double x, double y) => Polygon([(x, y), (x + 0.05, y), (x + 0.05, y + 0.05), (x, y + 0.05)],
        [(x + 0.02, y + 0.02), (x + 0.02, y + 0.03), (x + 0.03, y + 0.03), (x + 0.03, y + 0.02)]);

    /// <summary>Ten teeth 0.01° wide and 0.03° tall on a 0.2° × 0.01° base: 30 pieces in a row across the teeth.</summary>
    public static Polygon Comb(double x, double y)
    {
        var comb = new List<(double, double)> { (x, y), (x + 0.2, y), (x + 0.2, y + 0.01) };
        for (var tooth = 9; tooth >= 0; tooth--)
        {
            var west = x + tooth * 0.02;
            comb.AddRange([(west + 0.01, y + 0.01), (west + 0.01, y + 0.04), (west, y + 0.04), (west, y + 0.01)]);
        }

        return Polygon([.. comb.SkipLast(1)]);
    }

    /// <summary>
    /// Valid star-shaped polygons of 3 to 40 vertices, up to <paramref name="size"/>° across, north-east of the corner,
    /// every third vertex on a row border, every other one with a pentagonal hole.
    /// </summary>
    public static IEnumerable<Polygon> Stars(Random random, double x, double y, double size, int count)
    {
        for (var shape = 0; shape < count; shape++)
        {
            var radius = size / 2 * (0.02 + random.NextDouble() * 0.98);
            var (cx, cy) = (x + size / 2, y + size / 2);
            var vertices = random.Next(3, 40);
            var outer = Enumerable.Range(0, vertices).Select(i =>
            {
                var angle = (i + random.NextDouble() * 0.8) * Math.Tau / vertices;
                var r = radius * (0.5 + random.NextDouble() * 0.5);
                var lat = cy + r * Math.Sin(angle);
                return (cx + r * Math.Cos(angle), i % 3 == 0 ? Border(Math.Round(lat * GeoBox.RowsPerDegree)) : lat);
            }).ToArray();
            var hole = Enumerable.Range(0, 5).Select(i => (cx + radius * 0.3 * Math.Cos(i * Math.Tau / 5), cy + radius * 0.3 * Math.Sin(i * Math.Tau / 5))).ToArray();
            var polygon = shape % 2 == 0 ? Polygon(outer, hole) : Polygon(outer);
            if (polygon.IsValid)
            {
                yield return polygon;
            }
        }
    }

    private static LinearRing Ring((double Lng, double Lat)[] points) =>
        Factory.CreateLinearRing(points.Append(points[0]).Select(p => new Coordinate(p.Lng, p.Lat)).ToArray());
}
