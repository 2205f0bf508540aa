using System.Data.Common;
using Circula.Data;
using Circula.Shared;
using Circula.Shared.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Circula.Marketplace.Listings;

/// <summary>The geo-fence: published listings inside a polygon.</summary>
public sealed partial class ListingQueries
{
    /// <summary>
    /// Row pieces a geo-fence's SQL names at most (some 100 KB): a polygon of 1,000 rows still gets its west border,
    /// inside and east border in each.
    /// </summary>
    private const int MaxRowPieces = 3_000;

    /// <summary>
    /// Whether a polygon is cut along the geo index's rows; without it every document of its envelope is tested, as for
    /// an envelope too tall to cut (the reference the tests compare with).
    /// </summary>
    internal bool CutsIntoRows { get; init; } = true;

    /// <summary>
    /// Published listings inside a polygon or on its border, newest first (publication time to the millisecond, then the
    /// higher id).
    /// </summary>
    public async Task<PagedList<Listing>> WithinAsync(Polygon polygon, int page, int pageSize, CancellationToken ct)
    {
        var (ids, total) = await WithinIdsAsync(polygon, page, pageSize, ct);
        var listings = await LoadAsync(ids, ct);
        return new PagedList<Listing>(ids.Select(id => listings[id]).ToList(), page, pageSize, total);
    }

    /// <summary>
    /// The page's listing ids and the exact total, from the search documents (one per published listing) in the geo
    /// index alone (position, time and id are in it). The polygon is cut along the index's rows (<see cref="PolygonRows"/>):
    /// the database counts the documents of the stretches inside for a whole row and returns only their newest the page
    /// can need; the documents where an edge passes through a row are tested against the polygon here.
    /// </summary>
    internal async Task<(List<long> Ids, int Total)> WithinIdsAsync(Polygon polygon, int page, int pageSize, CancellationToken ct)
    {
        var pieces = CutsIntoRows ? PolygonRows.Pieces(polygon, MaxRowPieces) : null;
        var points = pieces is null ? await InEnvelopeAsync(polygon.EnvelopeInternal, ct) : await InPiecesAsync(pieces, (long)page * pageSize, ct);
        // Prepared once (its edges indexed) for the hundreds of points along a city's border: Covers is then a lookup,
        // not a fresh relate computation per point.
        var prepared = PreparedGeometryFactory.Prepare(polygon);
        var inside = points.Where(p => p.CoveredTotal > 0 || prepared.Covers(polygon.Factory.CreatePoint(new Coordinate(p.Longitude, p.Latitude)))).ToList();
        var total = inside.Count(p => p.CoveredTotal == 0) + (int)inside.Select(p => p.CoveredTotal).FirstOrDefault(t => t > 0);
        var pageOf = inside.OrderByDescending(p => p.PublishedAt).ThenByDescending(p => p.Id).Skip((page - 1) * pageSize).Take(pageSize);
        return (pageOf.Select(p => p.Id).ToList(), total);
    }

    /// <summary>A search document's position and publication; <see cref="CoveredTotal"/> is 0 for one to test, else it is covered and this is how many are.</summary>
    private sealed record FencePoint(long Id, double Latitude, double Longitude, long PublishedAt, long CoveredTotal);

    private const string FencePointColumns = "d.listing_id, d.latitude, d.longitude, d.published_at";

    private Task<List<FencePoint>> InEnvelopeAsync(Envelope envelope, CancellationToken ct)
    {
        var parameters = new List<(string Name, object? Value)>();
        var box = new GeoBox(envelope.MinY, envelope.MaxY, envelope.MinX, envelope.MaxX).Condition("d", parameters);
        return db.QueryAsync($"SELECT {FencePointColumns}, 0 FROM marketplace_search_documents d WHERE {box}", ReadFencePoint, ct, [.. parameters]);
    }

    /// <summary>
    /// Every document of the pieces to test, and the <paramref name="newest"/> newest of the covered ones with their
    /// count: one statement, each piece one index range (its row, its longitudes). The count is a subquery the database
    /// computes once, not a window over the covered documents: that would keep them all for the sort (2 ms more for a
    /// city's 3 km, measured).
    /// </summary>
    private Task<List<FencePoint>> InPiecesAsync(IReadOnlyList<RowPiece> pieces, long newest, CancellationToken ct)
    {
        var values = string.Join(",", pieces.Select(p => FormattableString.Invariant($"({p.Row},{p.West:R},{p.East:R},{(p.Covered ? 1 : 0)})")));
        // CROSS JOIN keeps the pieces the outer loop on SQLite (an index search per piece); with a plain join SQLite
        // 3.50 scans every document for the covered ones (270 ms on 100,000). PostgreSQL plans it as any join.
        const string inPieces = "FROM piece p CROSS JOIN marketplace_search_documents d " +
            "WHERE d.geo_row = p.grid_row AND d.longitude >= p.west AND d.longitude < p.east AND p.covered =";
        return db.QueryAsync(
            $"WITH piece(grid_row, west, east, covered) AS (VALUES {values}) " +
            $"SELECT {FencePointColumns}, 0 {inPieces} 0 UNION ALL " +
            $"SELECT * FROM (SELECT {FencePointColumns}, (SELECT COUNT(*) {inPieces} 1) " +
            $"{inPieces} 1 ORDER BY d.published_at DESC, d.listing_id DESC LIMIT @newest) covered",
            ReadFencePoint, ct, ("newest", newest));
    }

    private static FencePoint ReadFencePoint(DbDataReader r) => new(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2), r.GetInt64(3), r.GetInt64(4));
}
