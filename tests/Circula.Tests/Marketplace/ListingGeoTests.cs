using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Marketplace;

/// <summary>Published listings near a point and inside a polygon (GCJ-02), every way a polygon can be wrong, the demo listings, and favourites.</summary>
public abstract class ListingGeoTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static object Polygon(params double[][] positions) => new { type = "Polygon", coordinates = new[] { positions } };

    private static object Square(TestSpot spot, double half) => Polygon([spot.Longitude - half, spot.Latitude - half], [spot.Longitude + half, spot.Latitude - half],
        [spot.Longitude + half, spot.Latitude + half], [spot.Longitude - half, spot.Latitude + half], [spot.Longitude - half, spot.Latitude - half]);

    [Fact]
    public async Task Nearby_lists_published_listings_within_the_radius_nearest_first()
    {
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        // 0.01° of latitude is about 1.11 km.
        var far = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "远", north: 0.04));
        var near = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "近", north: 0.005));
        var middle = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "中", east: -0.02));
        await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "太远", north: 0.1));
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(spot, title: "草稿"));

        var page = await (await server.Client.GetAsync($"/api/v1/listings/nearby?lat={spot.Latitude}&lng={spot.Longitude}&radiusKm=5")).ReadAs<ListingPageDto>();
        Assert.Equal([near.Id, middle.Id, far.Id], page.Items.Select(l => l.Id));
        Assert.Equal(3, page.Total);
        Assert.InRange(page.Items[0].DistanceMetres!.Value, 540, 580);
        Assert.InRange(page.Items[2].DistanceMetres!.Value, 4400, 4500);
        Assert.DoesNotContain(page.Items, l => l.Id == draft.Id);
        var second = await (await server.Client.GetAsync($"/api/v1/listings/nearby?lat={spot.Latitude}&lng={spot.Longitude}&radiusKm=5&page=2&pageSize=2"))
            .ReadAs<ListingPageDto>();
        Assert.Equal([far.Id], second.Items.Select(l => l.Id));
        var small = await (await server.Client.GetAsync($"/api/v1/listings/nearby?lat={spot.Latitude}&lng={spot.Longitude}&radiusKm=1")).ReadAs<ListingPageDto>();
        Assert.Equal([near.Id], small.Items.Select(l => l.Id));

        Assert.Equal(["radiusKm"], await (await server.Client.GetAsync("/api/v1/listings/nearby?lat=30&lng=120&radiusKm=51")).RefusedFieldsAsync());
        Assert.Equal(["radiusKm"], await (await server.Client.GetAsync("/api/v1/listings/nearby?lat=30&lng=120&radiusKm=0")).RefusedFieldsAsync());
        Assert.Equal(["lat", "lng"], await (await server.Client.GetAsync("/api/v1/listings/nearby?lat=91&lng=181")).RefusedFieldsAsync());
        Assert.Equal(["lat", "lng"], await (await server.Client.GetAsync("/api/v1/listings/nearby")).RefusedFieldsAsync());
    }

    [Fact]
    public async Task Within_lists_published_listings_inside_the_polygon()
    {
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        var inside = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "里面", north: 0.005, east: -0.01));
        var centre = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "中心", east: -0.005));
        await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "外面", north: 0.03));
        // A triangle: the corner of the box north-east of the centre is outside it.
        await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "框内三角外", north: 0.018, east: 0.018));
        var triangle = Polygon([spot.Longitude - 0.02, spot.Latitude - 0.02], [spot.Longitude + 0.02, spot.Latitude - 0.02],
            [spot.Longitude - 0.02, spot.Latitude + 0.02], [spot.Longitude - 0.02, spot.Latitude - 0.02]);

        var found = await (await server.Client.PostAsJsonAsync("/api/v1/listings/within", new { polygon = triangle })).ReadAs<ListingPageDto>();
        Assert.Equal([centre.Id, inside.Id], found.Items.Select(l => l.Id));
        var square = await (await server.Client.PostAsJsonAsync("/api/v1/listings/within", new { polygon = Square(spot, 0.02), pageSize = 1 })).ReadAs<ListingPageDto>();
        Assert.Equal(3, square.Total);
    }

    [Fact]
    public async Task Within_a_polygon_over_many_rows_follows_moved_withdrawn_and_sold_listings()
    {
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        // An L 0.2° tall (100 rows of the geo index): its west arm and its south arm are inside, the corner between them is not.
        var ell = Polygon([spot.Longitude, spot.Latitude], [spot.Longitude + 0.2, spot.Latitude], [spot.Longitude + 0.2, spot.Latitude + 0.05],
            [spot.Longitude + 0.05, spot.Latitude + 0.05], [spot.Longitude + 0.05, spot.Latitude + 0.2], [spot.Longitude, spot.Latitude + 0.2],
            [spot.Longitude, spot.Latitude]);
        var north = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "北臂", north: 0.19, east: 0.01));
        var east = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "东臂", north: 0.01, east: 0.19));
        var onBorder = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "边上", north: 0.1, east: 0.05));
        var moving = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "要搬", north: 0.02, east: 0.02));
        var bought = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "要卖", north: 0.03, east: 0.03));
        await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: "拐角外", north: 0.15, east: 0.15));

        async Task<string[]> Inside() =>
            (await (await server.Client.PostAsJsonAsync("/api/v1/listings/within", new { polygon = ell, pageSize = 50 })).ReadAs<ListingPageDto>()).Items
            .Select(l => l.Id).ToArray();

        Assert.Equal([bought.Id, moving.Id, onBorder.Id, east.Id, north.Id], await Inside());
        await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{moving.Id}", MarketplaceTestApi.Listing(spot, title: "要搬", north: 0.15, east: 0.15)))
            .ShouldBe(HttpStatusCode.OK);
        await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{east.Id}", MarketplaceTestApi.Listing(spot, title: "东臂", north: 0.12, east: 0.01)))
            .ShouldBe(HttpStatusCode.OK);
        // Moved out of the L (into its corner) and within it (from one arm to the other, rows apart); reserved by an order; withdrawn.
        await (await (await server.CreateUserAsync(Roles.Customer)).Client.BuyAsync(bought.Id)).ShouldBe(HttpStatusCode.Created);
        await (await seller.Client.PostAsync($"/api/v1/listings/{onBorder.Id}/withdraw", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([east.Id, north.Id], await Inside());
    }

    [Fact]
    public async Task An_invalid_polygon_is_422_naming_its_path()
    {
        async Task<string[]> Refused(object polygon) => await (await server.Client.PostAsJsonAsync("/api/v1/listings/within", new { polygon })).RefusedFieldsAsync();

        Assert.Equal(["polygon.type"], await Refused(new { type = "Point", coordinates = new[] { 120.0, 30.0 } }));
        Assert.Equal(["polygon.coordinates[0]"], await Refused(Polygon([120, 30], [120.1, 30], [120.1, 30.1], [120, 30.1])));
        Assert.Equal(["polygon.coordinates[0][2]"], await Refused(Polygon([120, 30], [120.1, 30], [120.1, 91], [120, 30.1], [120, 30])));
        Assert.Equal(["polygon.coordinates[0][1]"], await Refused(Polygon([120, 30], [181, 30], [120.1, 30.1], [120, 30])));
        Assert.Equal(["polygon.coordinates"], await Refused(Polygon([120, 30], [120.1, 30.1], [120.1, 30], [120, 30.1], [120, 30])));
        var circle = Enumerable.Range(0, 1001).Select(i => new[] { 120 + Math.Cos(i * Math.Tau / 1000) / 100, 30 + Math.Sin(i * Math.Tau / 1000) / 100 }).ToArray();
        circle[^1] = circle[0];
        Assert.Equal(["polygon.coordinates"], await Refused(Polygon(circle)));
        Assert.Equal(["polygon.type"], await (await server.Client.PostAsJsonAsync("/api/v1/listings/within", new { })).RefusedFieldsAsync());
    }

    [Fact]
    public async Task The_demo_data_has_a_few_hundred_published_listings_over_hangzhou()
    {
        var hangzhou = await (await server.Client.GetAsync("/api/v1/listings/nearby?lat=30.27&lng=120.16&radiusKm=50&pageSize=100")).ReadAs<ListingPageDto>();
        Assert.True(hangzhou.Total >= 300, $"{hangzhou.Total} demo listings near Hangzhou");
        Assert.Equal(5, hangzhou.Items.Select(l => l.CategoryId).Distinct().Count());
        Assert.True(hangzhou.Items.Select(l => l.Location.District).Distinct().Count() >= 3);
        Assert.All(hangzhou.Items, l => Assert.Equal("active", l.Status));
        var categories = await (await server.Client.GetAsync("/api/v1/listings/categories")).ReadAs<List<CategoryDto>>();
        Assert.Equal(["phones", "books", "furniture", "appliances", "clothing", "others"], categories.Select(c => c.Slug));
    }

    [Fact]
    public async Task Favourites_are_idempotent_even_in_parallel_and_list_only_what_the_user_may_see()
    {
        var seller = await server.SellerAsync();
        var buyer = await server.CreateUserAsync(Roles.Customer);
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var other = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var adds = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => buyer.Client.PutAsync($"/api/v1/listings/{listing.Id}/favourite", null)));
        Assert.All(adds, a => Assert.Equal(HttpStatusCode.NoContent, a.StatusCode));
        await (await buyer.Client.PutAsync($"/api/v1/listings/{other.Id}/favourite", null)).ShouldBe(HttpStatusCode.NoContent);
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT COUNT(*) FROM marketplace_favourites WHERE listing_id = {listing.Id}")));
        var mine = await (await buyer.Client.GetAsync("/api/v1/listings/favourites")).ReadAs<ListingPageDto>();
        Assert.Equal([other.Id, listing.Id], mine.Items.Select(l => l.Id));

        await (await seller.Client.PostAsync($"/api/v1/listings/{other.Id}/withdraw", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([listing.Id], (await (await buyer.Client.GetAsync("/api/v1/listings/favourites")).ReadAs<ListingPageDto>()).Items.Select(l => l.Id));
        var removes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => buyer.Client.DeleteAsync($"/api/v1/listings/{listing.Id}/favourite")));
        Assert.All(removes, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Empty((await (await buyer.Client.GetAsync("/api/v1/listings/favourites")).ReadAs<ListingPageDto>()).Items);
        await (await server.Client.GetAsync("/api/v1/listings/favourites")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed record CategoryDto(long Id, string Slug, string Name);

public sealed class ListingGeoTestsOnSqlite(SqliteServer server) : ListingGeoTests<SqliteServer>(server);

public sealed class ListingGeoTestsOnPostgres(PostgresServer server) : ListingGeoTests<PostgresServer>(server);
