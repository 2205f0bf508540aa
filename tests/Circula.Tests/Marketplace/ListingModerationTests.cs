using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using Circula.Tests.Recycling;

namespace Circula.Tests.Marketplace;

/// <summary>
/// Listings over HTTP from the seller's and the operators' side: draft → review → published, rejection and resubmission,
/// withdrawal and relisting, the blocklist flagging, owners only, and racing operators and edits.
/// </summary>
public abstract class ListingModerationTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task A_listing_goes_from_draft_through_review_to_published_with_a_history_row_and_an_event_per_step()
    {
        var seller = await server.SellerAsync();
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        Assert.Equal(("draft", "like-new", 1), (draft.Status, draft.Condition, draft.Version));
        await (await server.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("draft", (await (await seller.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ReadAs<ListingDto>()).Status);

        var submitted = await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit")).ReadAs<ListingDto>();
        Assert.Equal("pending-review", submitted.Status);
        using var admin = await server.AdminClientAsync();
        var queue = await (await admin.GetAsync("/api/v1/admin/marketplace/listings?status=pending-review&pageSize=100")).ReadAs<ListingPageDto>();
        Assert.Contains(queue.Items, l => l.Id == draft.Id && l.FlaggedWords is []);
        var rejected = await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/reject", new { reason = "图片不清晰" })).ReadAs<ListingDto>();
        Assert.Equal(("rejected", "图片不清晰"), (rejected.Status, rejected.ReviewReason));

        await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{draft.Id}", MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), priceFen: 239_900)))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Null((await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit")).ReadAs<ListingDto>()).ReviewReason);
        var approved = await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve")).ReadAs<ListingDto>();
        Assert.Equal(("active", 239_900L), (approved.Status, approved.PriceFen));
        Assert.NotNull(approved.PublishedAt);
        Assert.Equal("active", (await (await server.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ReadAs<ListingDto>()).Status);

        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/withdraw")).ShouldBe(HttpStatusCode.OK);
        await (await server.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pending-review", (await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/relist")).ReadAs<ListingDto>()).Status);
        await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve")).ShouldBe(HttpStatusCode.OK);
        var takenDown = await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/take-down", new { reason = "疑似假冒商品" })).ReadAs<ListingDto>();
        Assert.Equal(("rejected", "疑似假冒商品"), (takenDown.Status, takenDown.ReviewReason));

        var detail = await (await admin.GetAsync($"/api/v1/admin/marketplace/listings/{draft.Id}")).ReadAs<ListingDetailDto>();
        Assert.Equal(["submit", "reject", "submit", "approve", "withdraw", "relist", "approve", "take-down"], detail.History.Select(h => h.Trigger));
        Assert.Equal(["seller", "operator", "seller", "operator", "seller", "seller", "operator", "operator"], detail.History.Select(h => h.Actor));
        await server.EventuallyAsync(async () => Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM outbox_messages WHERE type = 'marketplace.listing-status-changed.v1' AND payload LIKE '%{draft.Id}%'")) == 8);
        var mine = await (await seller.Client.GetAsync("/api/v1/listings/mine?status=rejected")).ReadAs<ListingPageDto>();
        Assert.Equal([draft.Id], mine.Items.Select(l => l.Id));
    }

    [Fact]
    public async Task Only_the_table_s_transitions_are_allowed_and_only_operators_moderate()
    {
        var seller = await server.SellerAsync();
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/relist")).ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve")).ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
        await (await seller.Client.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/reject", new { reason = " " }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await server.Client.PostAsJsonAsync("/api/v1/listings", MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot())))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Only_verified_users_sell()
    {
        var unverified = await server.CreateUserAsync(Roles.Customer);
        var problem = await (await unverified.Client.PostAsJsonAsync("/api/v1/listings", MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot())))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "seller_not_verified");
        Assert.Contains("/api/v1/me/phone", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Others_drafts_and_writes_to_others_listings_are_not_found()
    {
        var seller = await server.SellerAsync();
        var other = await server.SellerAsync();
        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        await (await other.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await other.Client.PutAsJsonAsync($"/api/v1/listings/{draft.Id}", MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot())))
            .ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        foreach (var step in new[] { "submit", "withdraw", "relist" })
        {
            await (await other.Client.PostAsync($"/api/v1/listings/{draft.Id}/{step}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        }

        await (await other.Client.PutAsync($"/api/v1/listings/{draft.Id}/favourite", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await other.Client.GetAsync("/api/v1/listings/mine")).ReadAs<ListingPageDto>()).Items);
        Assert.Equal("draft", (await (await seller.Client.GetAsync($"/api/v1/listings/{draft.Id}")).ReadAs<ListingDto>()).Status);
    }

    [Fact]
    public async Task Invalid_listings_are_422_naming_each_field()
    {
        var seller = await server.SellerAsync();
        var spot = MarketplaceTestApi.NewSpot();
        async Task<string[]> Refused(object body) => await (await seller.Client.PostAsJsonAsync("/api/v1/listings", body)).RefusedFieldsAsync();

        Assert.Equal(["priceFen"], await Refused(MarketplaceTestApi.Listing(spot, priceFen: 0)));
        Assert.Equal(["priceFen"], await Refused(MarketplaceTestApi.Listing(spot, priceFen: 100_000_001)));
        Assert.Equal(["imageIds"], await Refused(MarketplaceTestApi.Listing(spot, imageIds: Enumerable.Range(1, 10).Select(i => $"{i}").ToArray())));
        Assert.Equal(["imageIds[1]", "imageIds[2]"], await Refused(MarketplaceTestApi.Listing(spot, imageIds: ["1", "", "img-1"])));
        Assert.Equal(["imageIds[1]"], await Refused(MarketplaceTestApi.Listing(spot, imageIds: ["7", "7"])));
        Assert.Equal(["title"], await Refused(MarketplaceTestApi.Listing(spot, title: new string('机', 61))));
        Assert.Equal(["location.latitude", "location.longitude"], await Refused(MarketplaceTestApi.Listing(spot, north: 100, east: 200)));
        Assert.Equal(["condition"], await Refused(new
        {
            title = "书", description = "好书", categoryId = 2, condition = "likeNew", priceFen = 100, imageIds = Array.Empty<string>(),
            location = new { latitude = 30.0, longitude = 120.0, district = "西湖区" },
        }));
        Assert.Equal(["categoryId"], await Refused(new
        {
            title = "书", description = "好书", categoryId = 999, condition = "good", priceFen = 100, imageIds = Array.Empty<string>(),
            location = new { latitude = 30.0, longitude = 120.0, district = "西湖区" },
        }));
        await (await seller.Client.PostRawJsonAsync("/api/v1/listings", """{"title":"书","priceFen":"100"}"""))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task A_listing_with_blocked_words_waits_for_an_operator_who_sees_them_and_an_edit_that_adds_one_sends_it_back_to_review()
    {
        var seller = await server.SellerAsync();
        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsJsonAsync("/api/v1/admin/marketplace/blocked-words", new { word = " 代 购 " })).ShouldBe(HttpStatusCode.OK);
        var flagged = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), description: "专业代购，详情加 微 信"));
        await (await seller.Client.PostAsync($"/api/v1/listings/{flagged.Id}/submit")).ShouldBe(HttpStatusCode.OK);
        var queued = await (await admin.GetAsync("/api/v1/admin/marketplace/listings?status=pending-review&flagged=true&pageSize=100")).ReadAs<ListingPageDto>();
        Assert.Equal(["加微信", "代购"], queued.Items.Single(l => l.Id == flagged.Id).FlaggedWords);

        var clean = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var repriced = await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{clean.Id}", MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), priceFen: 1000)))
            .ReadAs<ListingDto>();
        Assert.Equal(("active", 1000L), (repriced.Status, repriced.PriceFen));
        var edited = await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{clean.Id}",
            MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), description: "高仿，私下交易更便宜"))).ReadAs<ListingDto>();
        Assert.Equal("pending-review", edited.Status);
        var detail = await (await admin.GetAsync($"/api/v1/admin/marketplace/listings/{clean.Id}")).ReadAs<ListingDetailDto>();
        Assert.Equal(["高仿", "私下交易"], detail.Listing.FlaggedWords);
        Assert.Equal(("edit-flagged", "seller", "blocked words: 高仿, 私下交易"), (detail.History[^1].Trigger, detail.History[^1].Actor, detail.History[^1].Reason));

        var words = await (await admin.GetAsync("/api/v1/admin/marketplace/blocked-words")).ReadAs<List<BlockedWordDto>>();
        Assert.Contains(new BlockedWordDto("代购", false), words);
        Assert.Contains(new BlockedWordDto("加微信", true), words);
        await (await admin.DeleteAsync($"/api/v1/admin/marketplace/blocked-words/{Uri.EscapeDataString("加微信")}"))
            .ShouldBeProblem(HttpStatusCode.Conflict, "configured_word");
        await (await admin.DeleteAsync($"/api/v1/admin/marketplace/blocked-words/{Uri.EscapeDataString("代购")}")).ShouldBe(HttpStatusCode.NoContent);
        await (await admin.DeleteAsync($"/api/v1/admin/marketplace/blocked-words/{Uri.EscapeDataString("代购")}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Of_two_operators_deciding_the_same_listing_at_once_one_wins_and_the_other_is_409()
    {
        var seller = await server.SellerAsync();
        for (var round = 0; round < 3; round++)
        {
            var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
            await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit")).ShouldBe(HttpStatusCode.OK);
            using var first = await server.AdminClientAsync();
            using var second = await server.AdminClientAsync();
            var answers = await Task.WhenAll(
                first.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve"),
                second.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/reject", new { reason = "重复发布" }));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
            var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
            await loser.ShouldBe(HttpStatusCode.Conflict);
            var history = (await (await first.GetAsync($"/api/v1/admin/marketplace/listings/{draft.Id}")).ReadAs<ListingDetailDto>()).History;
            Assert.Equal(2, history.Count);
        }
    }

    [Fact]
    public async Task Parallel_edits_by_the_seller_leave_one_whole_edit_never_a_mix()
    {
        var seller = await server.SellerAsync();
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var images = await seller.UploadImagesAsync(6);
        var edits = Enumerable.Range(1, 6).Select(i => new
        {
            title = $"第 {i} 版标题", description = $"第 {i} 版描述", categoryId = 1 + i % 5, condition = i % 2 == 0 ? "good" : "fair", priceFen = i * 1000L,
            imageIds = images.Take(i).ToArray(), location = new { latitude = 30.0 + i, longitude = 110.0 + i, district = $"区{i}" },
        }).ToList();
        var answers = await Task.WhenAll(edits.Select(e => seller.Client.PutAsJsonAsync($"/api/v1/listings/{listing.Id}", e)));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, "concurrency_conflict");
        }

        var saved = await (await seller.Client.GetAsync($"/api/v1/listings/{listing.Id}")).ReadAs<ListingDto>();
        var i = int.Parse(saved.Title.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, answers[i - 1].StatusCode);
        Assert.Equal(($"第 {i} 版描述", 1L + i % 5, i % 2 == 0 ? "good" : "fair", i * 1000L, i, 30.0 + i, $"区{i}"),
            (saved.Description, saved.CategoryId, saved.Condition, saved.PriceFen, saved.Images.Count, saved.Location.Latitude, saved.Location.District));
        Assert.Equal("active", saved.Status);
    }

    [Fact]
    public async Task A_listing_shows_the_sellers_own_uploads_in_order_and_refuses_anyone_elses()
    {
        var seller = await server.SellerAsync();
        var stranger = await server.SellerAsync();
        var mine = await seller.UploadImagesAsync(2);
        var theirs = await stranger.UploadImagesAsync(1);
        var spot = MarketplaceTestApi.NewSpot();

        Assert.Equal(["imageIds[1]", "imageIds[2]"],
            await (await seller.Client.PostAsJsonAsync("/api/v1/listings", MarketplaceTestApi.Listing(spot, imageIds: [mine[0], theirs[0], "999999999"])))
                .RefusedFieldsAsync());

        var draft = await seller.DraftAsync(MarketplaceTestApi.Listing(spot, imageIds: [mine[1], mine[0]]));
        Assert.Equal([mine[1], mine[0]], draft.Images.Select(i => i.Id));
        Assert.All(draft.Images, i => Assert.StartsWith("/uploads/", i.Url, StringComparison.Ordinal));
        using var served = await server.Client.GetAsync(draft.Images[0].ThumbnailUrl);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        Assert.Equal(["imageIds[0]"],
            await (await seller.Client.PutAsJsonAsync($"/api/v1/listings/{draft.Id}", MarketplaceTestApi.Listing(spot, imageIds: [theirs[0]]))).RefusedFieldsAsync());
    }
}

public sealed record BlockedWordDto(string Word, bool Configured);

public sealed class ListingModerationTestsOnSqlite(SqliteServer server) : ListingModerationTests<SqliteServer>(server);

public sealed class ListingModerationTestsOnPostgres(PostgresServer server) : ListingModerationTests<PostgresServer>(server);
