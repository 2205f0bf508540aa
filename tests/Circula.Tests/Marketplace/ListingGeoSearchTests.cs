using Circula.Data;
using Circula.Marketplace.Search;
using Circula.Shared.Geo;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

/// <summary>
/// A search with a position answers from the geo index (the latitude rows of a circle's box; growing circles for nearest
/// without a radius) exactly what the search that computes every document's distance answers: the same ids in the same
/// order, the same distances, scores and totals, on both providers. The documents lie on and around row borders and
/// circle edges; a document that moves leaves its old rows, a removed one (withdrawn, sold) every answer. A category of
/// the test's own keeps other tests' documents out.
/// </summary>
public abstract class ListingGeoSearchTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private readonly OwnSearchDocuments _own = new();

    private readonly Random _random = new(12);

    private static readonly string[] Titles = ["台灯 护眼", "书桌", "宜家 台灯", "二手 手机", "台灯 学生 书桌"];

    private ListingSearchDocument Doc(double latitude, double longitude, string? title = null) =>
        new(OwnSearchDocuments.NextId(), 1, title ?? Titles[_random.Next(Titles.Length)], _random.Next(3) == 0 ? "送一个台灯" : "", _own.Category, "good",
            _random.Next(1, 50) * 1_000, latitude, longitude, "测试区", _random.Next(0, 3) * 100, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(_random.Next(5)),
            null);

    private Task<ListingSearchPage> SearchAsync(ListingSearchQuery query, bool usesGeoIndex = true) => server.WithScopeAsync(sp =>
        // Nearest reads circles only for common words: here every word is (the reference never walks).
        new ListingSearch(sp.GetRequiredService<CirculaDbContext>())
        {
            UsesGeoIndex = usesGeoIndex, CommonMatches = usesGeoIndex ? 1 : int.MaxValue, WalkRows = usesGeoIndex ? 2_000 : 0,
        }.SearchAsync(query with { CategoryId = _own.Category }, CancellationToken.None));

    /// <summary>Asserts the geo index's answer is the full query's, and returns it.</summary>
    private async Task<ListingSearchPage> SameAsFullAsync(ListingSearchQuery query)
    {
        var full = await SearchAsync(query, usesGeoIndex: false);
        var narrowed = await SearchAsync(query);
        Assert.Equal(full.Total, narrowed.Total);
        Assert.Equal(full.Items, narrowed.Items);
        return narrowed;
    }

    [Fact]
    public async Task Radius_and_nearest_answer_what_every_documents_distance_answers()
    {
        var (lat, lng) = (30 + _random.NextDouble(), 110 + _random.NextDouble());
        var docs = new List<ListingSearchDocument>();
        for (var i = 0; i < 150; i++)
        {
            // A square of about ±6 km, more of them near the point; every fourth exactly on a row border.
            var spread = i % 3 == 0 ? 0.06 : 0.015;
            var north = (_random.NextDouble() * 2 - 1) * spread;
            var docLat = i % 4 == 0 ? (GeoBox.Row(lat + north) + 0.0) / GeoBox.RowsPerDegree : lat + north;
            docs.Add(Doc(docLat, lng + (_random.NextDouble() * 2 - 1) * spread));
        }

        // North and south of the point by a hair less than 2 km: just inside the circle (a box of 111.32 km per degree cut them off).
        docs.Add(Doc(lat + 1.9999999 / 6371.0088 * 180 / Math.PI, lng, "edgemark"));
        docs.Add(Doc(lat - 1.9999999 / 6371.0088 * 180 / Math.PI, lng, "edgemark"));
        await server.IndexAsync([.. docs]);

        var answered = 0;
        foreach (var q in new[] { null, "台灯", "书桌 台灯" })
        {
            foreach (var sort in ListingSearchQuery.Sorts)
            {
                foreach (var radius in new double?[] { null, 0.3, 1, 2, 2.0000001, 5 })
                {
                    if (radius is null && sort != "distance")
                    {
                        continue;
                    }

                    foreach (var page in new[] { 1, 2, 4 })
                    {
                        var found = await SameAsFullAsync(new ListingSearchQuery(q, Lat: lat, Lng: lng, RadiusKm: radius, Sort: sort, Page: page, PageSize: 7));
                        answered += found.Items.Count;
                    }
                }
            }
        }

        Assert.True(answered > 500, $"{answered} hits compared");
        var edge = await SameAsFullAsync(new ListingSearchQuery("edgemark", Lat: lat, Lng: lng, RadiusKm: 2));
        Assert.Equal([docs[^2].ListingId, docs[^1].ListingId], edge.Items.Select(h => h.ListingId).Order());
    }

    [Fact]
    public async Task A_document_that_moves_leaves_its_old_rows_and_a_removed_one_every_answer()
    {
        var (lat, lng) = (40 + _random.NextDouble(), 100 + _random.NextDouble());
        var moving = Doc(lat, lng, "台灯");
        var staying = Doc(lat + 0.001, lng, "台灯");
        await server.IndexAsync(moving, staying);
        Assert.Equal([moving.ListingId, staying.ListingId], (await SameAsFullAsync(new ListingSearchQuery("台灯", Lat: lat, Lng: lng, RadiusKm: 1, Sort: "distance")))
            .Items.Select(h => h.ListingId));

        // Five rows north (1.1 km): out of the 1 km circle, first when nearest from there.
        await server.IndexAsync(moving with { Latitude = lat + 0.01 });
        Assert.Equal([staying.ListingId], (await SameAsFullAsync(new ListingSearchQuery("台灯", Lat: lat, Lng: lng, RadiusKm: 1))).Items.Select(h => h.ListingId));
        Assert.Equal([moving.ListingId, staying.ListingId],
            (await SameAsFullAsync(new ListingSearchQuery(Lat: lat + 0.01, Lng: lng, Sort: "distance"))).Items.Select(h => h.ListingId));

        await server.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ListingSearchIndex>().RemoveAsync(staying.ListingId, CancellationToken.None);
            return 0;
        });
        Assert.Empty((await SameAsFullAsync(new ListingSearchQuery(Lat: lat, Lng: lng, RadiusKm: 1))).Items);
        Assert.Equal([moving.ListingId], (await SameAsFullAsync(new ListingSearchQuery(Lat: lat, Lng: lng, Sort: "distance"))).Items.Select(h => h.ListingId));
    }

    [Fact]
    public void A_box_holds_its_circle_and_gives_way_at_the_poles_and_the_antimeridian()
    {
        foreach (var (lat, km) in new[] { (0.0, 100.0), (30.26, 0.01), (30.26, 3), (-60, 50), (85, 100) })
        {
            var box = GeoBox.Around(lat, 10, km, 6371.0088)!;
            for (var bearing = 0; bearing < 360; bearing += 15)
            {
                var (pLat, pLng) = Destination(lat, 10, bearing, km * 0.9999999);
                Assert.InRange(pLat, box.MinLatitude, box.MaxLatitude);
                Assert.InRange(pLng, box.MinLongitude, box.MaxLongitude);
            }
        }

        Assert.Null(GeoBox.Around(89.5, 10, 100, 6371.0088));
        Assert.Null(GeoBox.Around(30, 179.9, 100, 6371.0088));
        Assert.Equal(15_129, GeoBox.Row(30.2594));
        Assert.Equal(-1, GeoBox.Row(-0.001));
    }

    /// <summary>The point <paramref name="km"/> from a point along a great circle at a bearing (degrees from north).</summary>
    private static (double Latitude, double Longitude) Destination(double lat, double lng, double bearing, double km)
    {
        var (phi, lambda, theta, delta) = (lat * Math.PI / 180, lng * Math.PI / 180, bearing * Math.PI / 180, km / 6371.0088);
        var phi2 = Math.Asin(Math.Sin(phi) * Math.Cos(delta) + Math.Cos(phi) * Math.Sin(delta) * Math.Cos(theta));
        var lambda2 = lambda + Math.Atan2(Math.Sin(theta) * Math.Sin(delta) * Math.Cos(phi), Math.Cos(delta) - Math.Sin(phi) * Math.Sin(phi2));
        return (phi2 * 180 / Math.PI, lambda2 * 180 / Math.PI);
    }
}

public sealed class ListingGeoSearchTestsOnSqlite(SqliteServer server) : ListingGeoSearchTests<SqliteServer>(server);

public sealed class ListingGeoSearchTestsOnPostgres(PostgresServer server) : ListingGeoSearchTests<PostgresServer>(server);
