using Circula.Shared.Geo;
using NetTopologySuite.Geometries;
using static Circula.Tests.Shared.TestPolygons;

namespace Circula.Tests.Shared;

/// <summary>
/// A polygon cut along the geo grid's rows: every point in a covered piece is inside the polygon, every point inside
/// is in some piece (outside all of them is outside), checked at random points, at row borders, on edges and at
/// vertices, over convex and concave polygons, holes, vertices on and inside rows, horizontal edges and slivers.
/// </summary>
public sealed class PolygonRowsTests
{
    /// <summary>The bench's 3 km hexagon over Hangzhou (bench/within-3km.json).</summary>
    private static readonly Polygon Hexagon = TestPolygons.Hexagon(120.09876, 30.23603);

    private static List<RowPiece> PiecesOf(Polygon polygon, int maxPieces = 3_000)
    {
        var pieces = PolygonRows.Pieces(polygon, maxPieces)!.ToList();
        AssertCutsExactly(polygon, pieces);
        return pieces;
    }

    private static RowPiece? PieceAt(IEnumerable<RowPiece> pieces, double lng, double lat) =>
        pieces.SingleOrDefault(p => p.Row == GeoBox.Row(lat) && p.West <= lng && lng < p.East);

    /// <summary>Pieces of a row are west to east without overlaps; a covered piece holds only inside points; an inside point is in a piece.</summary>
    private static void AssertCutsExactly(Polygon polygon, List<RowPiece> pieces)
    {
        foreach (var row in pieces.GroupBy(p => p.Row))
        {
            Assert.All(row.Zip(row.Skip(1)), pair => Assert.True(pair.First.East <= pair.Second.West, $"row {row.Key} overlaps"));
            Assert.All(row, p => Assert.True(p.West < p.East));
        }

        var random = new Random(polygon.NumPoints);
        var envelope = polygon.EnvelopeInternal;
        var probes = new List<(double Lng, double Lat)>();
        foreach (var vertex in polygon.Coordinates)
        {
            probes.Add((vertex.X, vertex.Y));
        }

        foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
        {
            for (var i = 1; i < ring.NumPoints; i++)
            {
                var (a, b) = (ring.GetCoordinateN(i - 1), ring.GetCoordinateN(i));
                for (var t = 0.0; t <= 1; t += 0.125)
                {
                    probes.Add((a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y)));
                }
            }
        }

        for (var row = GeoBox.Row(envelope.MinY); row <= GeoBox.Row(envelope.MaxY); row++)
        {
            var latitudes = new[] { Border(row), Math.BitDecrement(Border(row + 1)), Border(row + 0.5), Border(row + random.NextDouble()) };
            var longitudes = pieces.Where(p => p.Row == row).SelectMany(p => new[] { p.West, Math.BitDecrement(p.East), (p.West + p.East) / 2 })
                .Concat(Enumerable.Range(0, 40).Select(_ => envelope.MinX + (random.NextDouble() * 1.1 - 0.05) * envelope.Width));
            probes.AddRange(latitudes.SelectMany(lat => longitudes.Select(lng => (lng, lat))));
        }

        foreach (var (lng, lat) in probes)
        {
            var inside = polygon.Covers(lng, lat);
            var piece = PieceAt(pieces, lng, lat);
            Assert.False(piece is null && inside, $"{lng}, {lat} is inside but in no piece");
            Assert.False(piece is { Covered: true } && !inside, $"{lng}, {lat} is outside but in a covered piece");
        }
    }

    [Fact]
    public void A_convex_hexagon_is_covered_between_its_borders_except_in_the_rows_of_its_horizontal_edges()
    {
        var pieces = PiecesOf(Hexagon);
        var rows = pieces.GroupBy(p => p.Row).ToList();
        Assert.Equal(GeoBox.Row(30.28277) - GeoBox.Row(30.23603) + 1, rows.Count);
        Assert.All(new[] { rows[0], rows[^1] }, row => Assert.DoesNotContain(row, p => p.Covered));
        Assert.All(rows[1..^1], row => Assert.Equal([false, true, false], row.Select(p => p.Covered)));
        // The middle row holds the west and east vertices: both borders in one piece each, narrow, and the rest covered.
        var middle = rows.Single(r => r.Key == GeoBox.Row(30.2594)).ToList();
        Assert.InRange(middle[0].East - middle[0].West, 0.0005, 0.003);
        Assert.InRange(middle[1].East - middle[1].West, 0.06, 0.0615);
    }

    [Fact]
    public void A_concave_polygon_has_a_covered_piece_per_arm_and_nothing_between_them()
    {
        // A U over 30 rows.
        var (x, y) = (114.3, 30.5);
        var u = U(x, y);
        var pieces = PiecesOf(u);
        var armRow = pieces.Where(p => p.Row == GeoBox.Row(y + 0.04)).ToList();
        Assert.Equal([false, true, false, false, true, false], armRow.Select(p => p.Covered));
        Assert.Null(PieceAt(pieces, x + 0.03, y + 0.04));
        Assert.True(PieceAt(pieces, x + 0.03, y + 0.01)!.Covered);
    }

    [Fact]
    public void A_hole_is_in_no_piece_and_its_ring_is_tested()
    {
        var (x, y) = (113.2, 23.1);
        var pieces = PiecesOf(SquareWithHole(x, y));
        Assert.Null(PieceAt(pieces, x + 0.025, y + 0.025));
        Assert.False(PieceAt(pieces, x + 0.02, y + 0.025)!.Covered);
        Assert.True(PieceAt(pieces, x + 0.01, y + 0.025)!.Covered);
        Assert.True(PieceAt(pieces, x + 0.04, y + 0.025)!.Covered);
    }

    [Fact]
    public void Points_on_edges_and_vertices_are_tested_never_covered()
    {
        // Edges along row borders and a vertex inside a row: every point on them lies in a piece to test.
        var (south, north) = (Border(15_100), Border(15_110));
        var shape = Polygon([(120.0, south), (120.05, south), (120.05, north), (120.025, Border(15_105.5)), (120.0, north)]);
        var pieces = PiecesOf(shape);
        foreach (var (lng, lat) in new[] { (120.01, south), (120.0, south + 0.003), (120.05, north - 0.001), (120.0, north), (120.025, Border(15_105.5)) })
        {
            Assert.True(shape.Covers(lng, lat));
            Assert.False(PieceAt(pieces, lng, lat)!.Covered);
        }

        // The row north of the top edge holds its points and nothing covered; the one south of the bottom edge is not cut.
        Assert.DoesNotContain(pieces, p => p.Row == 15_110 && p.Covered);
        Assert.DoesNotContain(pieces, p => p.Row < 15_100);
        Assert.True(PieceAt(pieces, 120.04, Border(15_103.5))!.Covered);
    }

    [Fact]
    public void A_polygon_thinner_than_a_row_is_one_piece_to_test()
    {
        var sliver = Polygon([(100.0, 40.0001), (100.1, 40.0003), (100.05, 40.0011)]);
        var pieces = PiecesOf(sliver);
        var piece = Assert.Single(pieces);
        Assert.False(piece.Covered);
    }

    [Fact]
    public void A_row_with_more_than_its_share_of_pieces_is_one_piece_to_test_and_a_huge_envelope_is_not_cut()
    {
        // A comb of 10 teeth over 20 rows: 30 pieces in a row across the teeth, more than its share of 105.
        var (x, y) = (116.3, 39.9);
        var polygon = Comb(x, y);
        Assert.True(polygon.IsValid);
        Assert.Contains(PiecesOf(polygon).GroupBy(p => p.Row), row => row.Count(p => p.Covered) == 10);
        var capped = PolygonRows.Pieces(polygon, 21 * 5)!;
        AssertCutsExactly(polygon, [.. capped]);
        Assert.Contains(capped.GroupBy(p => p.Row), row => row.Count() == 1 && !row.Single().Covered && row.Key > GeoBox.Row(y + 0.012));
        Assert.Null(PolygonRows.Pieces(Polygon([(100.0, 20.0), (101.0, 20.0), (100.5, 22.1)]), 3_000));
    }

    [Fact]
    public void Random_star_polygons_with_holes_and_vertices_on_row_borders_are_cut_exactly()
    {
        var cut = 0;
        foreach (var polygon in Enumerable.Range(0, 6).SelectMany(i => Stars(new Random(i), 100 + i * 3, 20 + i * 3, 0.1, 10)))
        {
            PiecesOf(polygon);
            cut++;
        }

        Assert.True(cut > 40, $"{cut} valid shapes");
    }
}
