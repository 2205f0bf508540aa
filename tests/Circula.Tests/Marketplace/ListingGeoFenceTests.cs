using Circula.Data;
using Circula.Marketplace.Listings;
using Circula.Marketplace.Search;
using Circula.Shared.Geo;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.Geometries;
using static Circula.Tests.Shared.TestPolygons;

namespace Circula.Tests.Marketplace;

/// <summary>
/// The geo-fence cut along the geo index's rows (covered stretches counted and ordered by the database, the rest tested
/// here) answers what testing every document answers: the same ids in the same order and the same total, page by page,
/// on both providers, for concave polygons, holes, slivers, tiny and random ones, with documents on row borders, on
/// edges and at vertices, many published at the same time.
/// </summary>
public abstract class ListingGeoFenceTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const int PageSize = 7;

    private readonly Random _random = new(34);

    private readonly OwnSearchDocuments _own = new();

    private ListingSearchDocument Doc(double latitude, double longitude) =>
        new(OwnSearchDocuments.NextId(), 1, "台灯", "", _own.Category, "good", 1_000, latitude, longitude, "测试区", 0,
            new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(_random.Next(8)), null);

    private Task<(List<long> Ids, int Total)> WithinAsync(Polygon polygon, int page, bool cutsIntoRows) => server.WithScopeAsync(sp =>
        new ListingQueries(sp.GetRequiredService<CirculaDbContext>()) { CutsIntoRows = cutsIntoRows }.WithinIdsAsync(polygon, page, PageSize, CancellationToken.None));

    [Fact]
    public async Task Cutting_into_rows_answers_what_testing_every_document_answers()
    {
        // A spot of its own: the documents here are this test's only, so the expected answer comes from them alone.
        var spot = MarketplaceTestApi.NewSpot();
        var (x, y) = (spot.Longitude, Border(GeoBox.Row(spot.Latitude)));
        var polygons = new List<Polygon>
        {
            Hexagon(x, y), U(x, y), SquareWithHole(x + 0.003, y + 0.0031), Comb(x - 0.07, y + 0.005),
            Polygon([(x + 0.01, y + 0.0201), (x + 0.05, y + 0.0203), (x + 0.03, y + 0.0211)]),
            Polygon([(x + 0.02, y + 0.02), (x + 0.0205, y + 0.02), (x + 0.0202, y + 0.0204)]),
            Polygon([(x, Border(GeoBox.Row(y) + 3)), (x + 0.04, Border(GeoBox.Row(y) + 3)), (x + 0.04, Border(GeoBox.Row(y) + 20)), (x, Border(GeoBox.Row(y) + 20))]),
        };
        polygons.AddRange(Stars(_random, x, y, 0.06, 40));

        var docs = Enumerable.Range(0, 800).Select(i =>
        {
            var (lat, lng) = (y - 0.005 + _random.NextDouble() * 0.075, x - 0.075 + _random.NextDouble() * 0.15);
            return Doc(i % 4 == 0 ? Border(GeoBox.Row(lat)) : lat, lng);
        }).ToList();
        // On vertices and along edges (exactly on the axis-aligned ones).
        docs.AddRange(polygons.Take(7).SelectMany(p => p.Coordinates.Take(6)).Select(c => Doc(c.Y, c.X)));
        docs.AddRange([Doc(y, x + 0.03), Doc(y + 0.03, x + 0.02), Doc(Border(GeoBox.Row(y) + 10), x + 0.04), Doc(Border(GeoBox.Row(y) + 20), x + 0.01)]);
        await server.IndexAsync([.. docs]);

        var compared = 0;
        foreach (var polygon in polygons)
        {
            var inside = docs.Where(d => polygon.Covers(d.Longitude, d.Latitude))
                .OrderByDescending(d => d.PublishedAt).ThenByDescending(d => d.ListingId).Select(d => d.ListingId).ToList();
            foreach (var page in new[] { 1, 2, 5, 40 })
            {
                var cut = await WithinAsync(polygon, page, cutsIntoRows: true);
                var everyDocument = await WithinAsync(polygon, page, cutsIntoRows: false);
                Assert.Equal(inside.Skip((page - 1) * PageSize).Take(PageSize), cut.Ids);
                Assert.Equal(inside.Count, cut.Total);
                Assert.Equal(everyDocument.Ids, cut.Ids);
                Assert.Equal(everyDocument.Total, cut.Total);
                compared += cut.Ids.Count;
            }
        }

        Assert.True(polygons.Count > 35 && compared > 600, $"{polygons.Count} polygons, {compared} ids compared");
    }
}

public sealed class ListingGeoFenceTestsOnSqlite(SqliteServer server) : ListingGeoFenceTests<SqliteServer>(server);

public sealed class ListingGeoFenceTestsOnPostgres(PostgresServer server) : ListingGeoFenceTests<PostgresServer>(server);
