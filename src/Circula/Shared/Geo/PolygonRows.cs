using NetTopologySuite.Geometries;

namespace Circula.Shared.Geo;

/// <summary>
/// Longitudes [<see cref="West"/>, <see cref="East"/>) of one row of the geo grid (<see cref="GeoBox"/>). A covered piece
/// lies inside its polygon at every latitude of the row, so its points need no test; in the others an edge passes
/// through the row and each point must be tested.
/// </summary>
public sealed record RowPiece(int Row, double West, double East, bool Covered);

/// <summary>
/// A polygon cut along the rows of the geo grid (a scanline): per row, where the polygon's edges (all rings) pass
/// through the row, and between them the stretches that are inside for the whole row (even-odd, holes excluded). Every
/// point of the polygon is in a piece; the stretches between pieces are outside.
/// </summary>
public static class PolygonRows
{
    /// <summary>
    /// 1e-9° (0.1 mm) around every edge and row: far more than the rounding of a coordinate (1e-13° at 180°) or of the
    /// database's row of a latitude, so no point outside the polygon lands in a covered piece.
    /// </summary>
    private const double Margin = 1e-9;

    /// <summary>
    /// The pieces of each row of the polygon's envelope, west to east, at most about <paramref name="maxPieces"/> (a row
    /// with more than its share becomes one piece to test); null when the envelope has more than
    /// <see cref="GeoBox.MaxRows"/> rows.
    /// </summary>
    public static IReadOnlyList<RowPiece>? Pieces(Polygon polygon, int maxPieces)
    {
        var envelope = polygon.EnvelopeInternal;
        var firstRow = GeoBox.Row(envelope.MinY);
        var rowCount = GeoBox.Row(envelope.MaxY) - firstRow + 1;
        if (rowCount > GeoBox.MaxRows)
        {
            return null;
        }

        var edgesOfRow = Enumerable.Range(0, rowCount).Select(_ => new List<Edge>()).ToArray();
        foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
        {
            var points = ring.Coordinates;
            for (var i = 1; i < points.Length; i++)
            {
                var edge = new Edge(points[i - 1].X, points[i - 1].Y, points[i].X, points[i].Y);
                // The rows either side too when the edge reaches into their margin (it ends at or a hair from a row's border).
                var (southmost, northmost) = (Math.Min(edge.Y1, edge.Y2), Math.Max(edge.Y1, edge.Y2));
                for (var row = Math.Max(GeoBox.Row(southmost) - 1, firstRow); row <= Math.Min(GeoBox.Row(northmost) + 1, firstRow + rowCount - 1); row++)
                {
                    if (southmost <= North(row) && northmost >= South(row))
                    {
                        edgesOfRow[row - firstRow].Add(edge);
                    }
                }
            }
        }

        var share = Math.Max(1, maxPieces / rowCount);
        return edgesOfRow.SelectMany((edges, i) => RowPieces(firstRow + i, edges, share)).ToList();
    }

    private static IEnumerable<RowPiece> RowPieces(int row, List<Edge> edges, int maxPieces)
    {
        var crossed = Merged(edges.Select(e => e.LongitudesBetween(South(row), North(row))).OrderBy(s => s.West));
        // Between two crossed stretches nothing touches the row: the whole gap is inside or outside, as its point on
        // the row's middle line is (even-odd: the edges that line meets west of it, each within a crossed stretch).
        var middle = (row + 0.5) / GeoBox.RowsPerDegree;
        var meetsMiddle = edges.Where(e => e.Y1 <= middle != e.Y2 <= middle).Select(e => e.LongitudeAt(middle)).Order().ToList();
        var pieces = new List<RowPiece>();
        var westOfGap = 0;
        for (var i = 0; i < crossed.Count; i++)
        {
            pieces.Add(new RowPiece(row, crossed[i].West, crossed[i].East, false));
            while (westOfGap < meetsMiddle.Count && meetsMiddle[westOfGap] < crossed[i].East)
            {
                westOfGap++;
            }

            if (i + 1 < crossed.Count && westOfGap % 2 == 1)
            {
                pieces.Add(new RowPiece(row, crossed[i].East, crossed[i + 1].West, true));
            }
        }

        return pieces.Count <= maxPieces ? pieces : [new RowPiece(row, crossed[0].West, crossed[^1].East, false)];
    }

    /// <summary>The southern border of a row, less the margin (the database may put a point a rounding south of it in the row).</summary>
    private static double South(int row) => (double)row / GeoBox.RowsPerDegree - Margin;

    private static double North(int row) => (double)(row + 1) / GeoBox.RowsPerDegree + Margin;

    private static List<(double West, double East)> Merged(IEnumerable<(double West, double East)> sortedByWest)
    {
        var merged = new List<(double West, double East)>();
        foreach (var stretch in sortedByWest)
        {
            if (merged.Count > 0 && stretch.West <= merged[^1].East)
            {
                merged[^1] = (merged[^1].West, Math.Max(merged[^1].East, stretch.East));
            }
            else
            {
                merged.Add(stretch);
            }
        }

        return merged;
    }

    private sealed record Edge(double X1, double Y1, double X2, double Y2)
    {
        /// <summary>The longitudes of the edge's part between two latitudes it reaches, widened by the margin.</summary>
        public (double West, double East) LongitudesBetween(double south, double north)
        {
            var (a, b) = Y1 == Y2 ? (X1, X2) : (AtClamped(south), AtClamped(north));
            // Rounded outwards to whole nanodegrees: the bounds are then short in SQL, and only ever farther from the edge.
            return (Math.Floor((Math.Min(a, b) - Margin) * 1e9) / 1e9, Math.Ceiling((Math.Max(a, b) + Margin) * 1e9) / 1e9);
        }

        public double LongitudeAt(double latitude) => X1 + (latitude - Y1) * (X2 - X1) / (Y2 - Y1);

        private double AtClamped(double latitude) => X1 + Math.Clamp((latitude - Y1) / (Y2 - Y1), 0, 1) * (X2 - X1);
    }
}
