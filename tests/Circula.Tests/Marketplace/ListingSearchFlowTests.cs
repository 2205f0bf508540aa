using System.Net;
using System.Net.Http.Json;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Marketplace;

/// <summary>
/// The search follows the listings through their lifecycle: found once published, under its new words once edited, gone
/// once withdrawn or taken down; the demo listings are searchable on a fresh start.
/// </summary>
public abstract class ListingSearchFlowTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    /// <summary>A Latin word no other listing has, so the hits are this test's only.</summary>
    private static string NewWord() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(10));

    private async Task<string[]> FoundAsync(string word) =>
        (await (await server.Client.GetAsync($"/api/v1/listings/search?q={word}")).ReadAs<SearchPageDto>()).Items.Select(i => i.ListingId).ToArray();

    [Fact]
    public async Task A_listing_is_found_once_published_under_its_new_words_after_an_edit_and_not_once_withdrawn()
    {
        var seller = await server.SellerAsync();
        var (first, second) = (NewWord(), NewWord());
        var spot = MarketplaceTestApi.NewSpot();
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(spot, title: $"{first} 二手手机"));
        Assert.Empty(await FoundAsync(first));
        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await FoundAsync(first));

        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([draft.Id], await FoundAsync(first));

        await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{draft.Id}", MarketplaceTestApi.Listing(spot, title: $"{second} 二手手机")))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await FoundAsync(first));
        Assert.Equal([draft.Id], await FoundAsync(second));

        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/withdraw", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await FoundAsync(second));
    }

    [Fact]
    public async Task A_hit_carries_the_listings_first_image_as_its_cover_and_follows_the_listings_edits()
    {
        var seller = await server.SellerAsync();
        var word = NewWord();
        var spot = MarketplaceTestApi.NewSpot();
        var images = await seller.UploadImagesAsync(2);
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(spot, title: $"{word} 台灯", imageIds: images));
        Assert.Equal(images[0], listing.Images[0].Id);
        Assert.Equal(listing.Images[0], await CoverAsync(word));

        var reordered = await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{listing.Id}",
            MarketplaceTestApi.Listing(spot, title: $"{word} 台灯", imageIds: [images[1], images[0]]))).ReadAs<ListingDto>();
        Assert.Equal(images[1], reordered.Images[0].Id);
        Assert.Equal(reordered.Images[0], await CoverAsync(word));

        await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{listing.Id}", MarketplaceTestApi.Listing(spot, title: $"{word} 台灯")))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Null(await CoverAsync(word));
    }

    private async Task<ListingImageDto?> CoverAsync(string word) =>
        Assert.Single((await (await server.Client.GetAsync($"/api/v1/listings/search?q={word}")).ReadAs<SearchPageDto>()).Items).CoverImage;

    [Fact]
    public async Task A_listing_taken_down_leaves_the_search()
    {
        var seller = await server.SellerAsync();
        var word = NewWord();
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), title: $"{word} 书架"));
        Assert.Equal([listing.Id], await FoundAsync(word));

        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/admin/marketplace/listings/{listing.Id}/take-down", new { reason = "假货" }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await FoundAsync(word));
    }

    [Fact]
    public async Task The_demo_listings_are_searchable_on_a_fresh_start()
    {
        var page = await (await server.Client.GetAsync("/api/v1/listings/search?q=手机&pageSize=50")).ReadAs<SearchPageDto>();
        Assert.True(page.Total >= 10, $"the demo data should hold phones; found {page.Total}");
        Assert.All(page.Items, hit => Assert.Contains("手机", hit.Title + " ", StringComparison.Ordinal));
    }
}

public sealed class ListingSearchFlowTestsOnSqlite(SqliteServer server) : ListingSearchFlowTests<SqliteServer>(server);

public sealed class ListingSearchFlowTestsOnPostgres(PostgresServer server) : ListingSearchFlowTests<PostgresServer>(server);
