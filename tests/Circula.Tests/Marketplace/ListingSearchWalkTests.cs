using Circula.Data;
using Circula.Marketplace.Search;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

/// <summary>
/// A page read from a walk of the documents in its order is the full query's page, ties included, on both providers:
/// relevance from the top tier (every query word in the title, or a typo's word when no listing has the word itself,
/// walked in tie-break order), newest and price as they are, filters applied; when the walk cannot fill the page (too
/// few top-tier matches, a page past them, or a walk that ends first) the full query answers. The full ranking is the
/// same search that never walks (no word is common enough for it). The documents are published decades ahead (or
/// priced a few fen) so they come first in the walk whatever else the database holds.
/// </summary>
public abstract class ListingSearchWalkTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private readonly OwnSearchDocuments _own = new();

    private ListingSearchDocument Doc(string title, DateTime published, int credit = 100, string description = "", long price = 10_000, string condition = "good") =>
        new(OwnSearchDocuments.NextId(), 1, title, description, _own.Category, condition, price, 30.25, 120.15, "西湖区", credit, published, null);

    /// <summary>The page from the walk alone (null when it gives way) and the page the search answers, walking from one match on, with a walk of walkRows.</summary>
    private Task<(long[]? Walked, long[] Answered)> PagesAsync(string q, int page, int size, int walkRows = 2_000, string? sort = null, ListingSearchQuery? filters = null) =>
        server.WithScopeAsync(async sp =>
        {
            var search = new ListingSearch(sp.GetRequiredService<CirculaDbContext>()) { WalkRows = walkRows };
            var query = (filters ?? new ListingSearchQuery()) with { Q = q, CategoryId = _own.Category, Sort = sort, Page = page, PageSize = size };
            var plan = await search.PlanAsync(query, CancellationToken.None);
            var walked = await search.WalkedPageAsync(query, plan!, CancellationToken.None);
            var answered = await search.SearchAsync(query, CancellationToken.None);
            return (walked?.Select(h => h.ListingId).ToArray(), answered.Items.Select(h => h.ListingId).ToArray());
        });

    private async Task<long[]> FullRankingAsync(string q, string? sort = null, ListingSearchQuery? filters = null) => (await server.WithScopeAsync(sp =>
        new ListingSearch(sp.GetRequiredService<CirculaDbContext>()) { WalkRows = 0 }
            .SearchAsync((filters ?? new ListingSearchQuery()) with { Q = q, CategoryId = _own.Category, Sort = sort, PageSize = ListingSearchQuery.MaxPageSize },
                CancellationToken.None)))
        .Items.Select(h => h.ListingId).ToArray();

    private static void AssertPages(long[]? walked, long[] answered, (long[]? Walked, long[] Answered) actual)
    {
        Assert.Equal(walked, actual.Walked);
        Assert.Equal(answered, actual.Answered);
    }

    private static long[] Ids(params ListingSearchDocument[] docs) => docs.Select(d => d.ListingId).ToArray();

    [Fact]
    public async Task Title_tier_pages_are_the_full_rankings_pages_and_pages_past_it_come_from_the_full_query()
    {
        var noon = new DateTime(2090, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        var ikea = Doc("宜家 台灯 白色", noon);
        var ikeaTwin = Doc("宜家 台灯 白色", noon);
        var morningHighCredit = Doc("台灯 护眼", noon.AddHours(-2), credit: 500);
        var nextDay = Doc("台灯 学生", noon.AddDays(1), credit: 10);
        var ikeaAfternoon = Doc("宜家 台灯", noon.AddHours(1));
        var dayBefore = Doc("台灯", noon.AddDays(-1), credit: 900);
        var dayBeforeLowCredit = Doc("二手 台灯", noon.AddDays(-1));
        var deskWithLamp = Doc("书桌", noon.AddDays(2), description: "送一个台灯");
        var ikeaShelfWithLamp = Doc("宜家 书架", noon.AddDays(2), credit: 999, description: "台灯");
        await server.IndexAsync(ikea, ikeaTwin, morningHighCredit, nextDay, ikeaAfternoon, dayBefore, dayBeforeLowCredit, deskWithLamp, ikeaShelfWithLamp);

        // Title matches first (day, credit, time, then the higher id of the twins), then the fresher description matches.
        var lamp = await FullRankingAsync("台灯");
        Assert.Equal(Ids(nextDay, morningHighCredit, ikeaAfternoon, ikeaTwin, ikea, dayBefore, dayBeforeLowCredit, ikeaShelfWithLamp, deskWithLamp), lamp);
        await AssertEveryPageAsync("台灯", null, lamp, walkedMatches: 7);
        var newest = await FullRankingAsync("台灯", "newest");
        Assert.Equal(Ids(ikeaShelfWithLamp, deskWithLamp, nextDay, ikeaAfternoon, ikeaTwin, ikea, morningHighCredit, dayBeforeLowCredit, dayBefore), newest);
        await AssertEveryPageAsync("台灯", "newest", newest, walkedMatches: 9);

        var ikeaLamp = await FullRankingAsync("宜家 台灯");
        Assert.Equal(Ids(ikeaAfternoon, ikeaTwin, ikea, ikeaShelfWithLamp), ikeaLamp);
        AssertPages(ikeaLamp[..3], ikeaLamp[..3], await PagesAsync("宜家 台灯", 1, 3));
        AssertPages(null, ikeaLamp[2..], await PagesAsync("宜家 台灯", 2, 2));
    }

    /// <summary>Every page of sizes 1, 2, 3 and 7 is the full ranking's; those within the first walkedMatches come from the walk.</summary>
    private async Task AssertEveryPageAsync(string q, string? sort, long[] full, int walkedMatches, ListingSearchQuery? filters = null, int walkRows = 2_000)
    {
        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            for (var page = 1; (page - 1) * size < full.Length; page++)
            {
                var expected = full.Skip((page - 1) * size).Take(size).ToArray();
                AssertPages(page * size <= walkedMatches ? expected : null, expected, await PagesAsync(q, page, size, walkRows, sort, filters));
            }
        }
    }

    [Fact]
    public async Task A_mistyped_word_walks_its_typos_title_tier_and_filters_walk_with_the_words()
    {
        var noon = new DateTime(2091, 4, 1, 12, 0, 0, DateTimeKind.Utc);
        var camera = Doc("polaroid 相机", noon, price: 50_000, condition: "like-new");
        var older = Doc("polaroid 拍立得", noon.AddDays(-1), price: 20_000, condition: "like-new");
        var used = Doc("polaroid 相机 旧", noon.AddHours(1), price: 30_000, condition: "fair");
        var inDescription = Doc("相纸 十盒", noon.AddDays(1), description: "配 polaroid", price: 25_000, condition: "like-new");
        var expensive = Doc("polaroid 收藏版", noon.AddHours(2), price: 900_000, condition: "like-new");
        await server.IndexAsync(camera, older, used, inDescription, expensive);

        // polarid is no listing's word: polaroid, one edit away, is its best tier in a title.
        var typo = await FullRankingAsync("polarid");
        Assert.Equal(Ids(expensive, used, camera, older, inDescription), typo);
        await AssertEveryPageAsync("polarid", null, typo, walkedMatches: 4);
        var exact = await FullRankingAsync("polaroid");
        Assert.Equal(typo, exact);
        await AssertEveryPageAsync("polaroid", null, exact, walkedMatches: 4);

        var filters = new ListingSearchQuery(MinPrice: 20_000, MaxPrice: 60_000, Condition: "like-new");
        var filtered = await FullRankingAsync("polarid", filters: filters);
        Assert.Equal(Ids(camera, older, inDescription), filtered);
        await AssertEveryPageAsync("polarid", null, filtered, walkedMatches: 2, filters);
        var filteredNewest = await FullRankingAsync("polaroid", "newest", filters);
        Assert.Equal(Ids(inDescription, camera, older), filteredNewest);
        await AssertEveryPageAsync("polaroid", "newest", filteredNewest, walkedMatches: 3, filters);
    }

    [Fact]
    public async Task A_price_walk_takes_every_listing_at_its_last_price_and_orders_them_by_score()
    {
        var noon = new DateTime(2092, 2, 1, 12, 0, 0, DateTimeKind.Utc);
        var cheapest = Doc("书桌 宜家", noon, price: 1);
        var inDescription = Doc("椅子", noon.AddDays(1), description: "书桌 配套", price: 2);
        var inTitle = Doc("书桌 白色", noon.AddDays(-1), price: 2);
        var inTitleNewer = Doc("书桌 学生", noon, price: 2);
        var dearer = Doc("书桌 实木", noon, price: 3);
        var lamp = Doc("台灯", noon, price: 1);
        await server.IndexAsync(cheapest, inDescription, inTitle, inTitleNewer, dearer, lamp);

        var full = await FullRankingAsync("书桌", "price");
        Assert.Equal(Ids(cheapest, inTitleNewer, inTitle, inDescription, dearer), full);
        // A walk of 2 documents ends at 1 fen (both listings at it); one of 3 inside the listings at 2 fen: all of them
        // are walked and ordered by score, then age (the description match, the newest, last). A page past the walk's
        // WalkRows rows is left to the full query.
        await AssertEveryPageAsync("书桌", "price", full, walkedMatches: 1, walkRows: 2);
        await AssertEveryPageAsync("书桌", "price", full, walkedMatches: 3, walkRows: 3);
        await AssertEveryPageAsync("书桌", "price", full, walkedMatches: 5, walkRows: 6);
    }

    [Fact]
    public async Task A_rare_word_walked_to_a_full_page_is_counted_apart()
    {
        var noon = new DateTime(2093, 7, 1, 12, 0, 0, DateTimeKind.Utc);
        var docs = Enumerable.Range(0, 3).Select(i => Doc("徕卡 M6", noon.AddHours(i), credit: i)).ToArray();
        await server.IndexAsync(docs);

        var page = await server.WithScopeAsync(sp => new ListingSearch(sp.GetRequiredService<CirculaDbContext>())
            .SearchAsync(new ListingSearchQuery("徕卡", _own.Category, PageSize: 2), CancellationToken.None));
        Assert.Equal(Ids(docs[2], docs[1]), page.Items.Select(h => h.ListingId).ToArray());
        Assert.Equal(3, page.Total);
        Assert.Equal(Ids(docs[2], docs[1], docs[0]), await FullRankingAsync("徕卡"));
    }

    [Fact]
    public async Task A_walk_that_ends_before_its_matches_fill_the_page_leaves_it_to_the_full_query()
    {
        var noon = new DateTime(2095, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var lamp = Doc("台灯 护眼", noon.AddDays(-1));
        var desks = Enumerable.Range(0, 3).Select(i => Doc("书桌", noon.AddMinutes(i), description: "送一个台灯")).ToArray();
        await server.IndexAsync([lamp, .. desks]);

        var full = await FullRankingAsync("台灯");
        Assert.Equal(Ids(lamp, desks[2], desks[1], desks[0]), full);
        AssertPages(null, full[..1], await PagesAsync("台灯", 1, 1, walkRows: 3));
        // The full query counts what it reads: every match, on every page, and none past the last.
        foreach (var (page, size, items) in new[] { (1, 1, 1), (2, 3, 1), (3, 3, 0) })
        {
            var answer = await server.WithScopeAsync(sp => new ListingSearch(sp.GetRequiredService<CirculaDbContext>()) { WalkRows = 3 }
                .SearchAsync(new ListingSearchQuery("台灯", _own.Category, Page: page, PageSize: size), CancellationToken.None));
            Assert.Equal((items, 4L), (answer.Items.Count, answer.Total));
        }

        AssertPages(full[..1], full[..1], await PagesAsync("台灯", 1, 1, walkRows: 4));
        AssertPages(null, full[..2], await PagesAsync("台灯", 1, 2, walkRows: 4));
        // Newest walks the same rows in its own order: the description matches are the newest.
        var newest = await FullRankingAsync("台灯", "newest");
        Assert.Equal(Ids(desks[2], desks[1], desks[0], lamp), newest);
        AssertPages(newest[..3], newest[..3], await PagesAsync("台灯", 1, 3, walkRows: 3, sort: "newest"));
        AssertPages(null, newest[..4], await PagesAsync("台灯", 1, 4, walkRows: 3, sort: "newest"));
    }
}

public sealed class ListingSearchWalkTestsOnSqlite(SqliteServer server) : ListingSearchWalkTests<SqliteServer>(server);

public sealed class ListingSearchWalkTestsOnPostgres(PostgresServer server) : ListingSearchWalkTests<PostgresServer>(server);
