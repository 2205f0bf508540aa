using Circula.Data;
using Circula.Marketplace.Search;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

/// <summary>
/// The listing search on both providers, through its services as the listing writes will call it: relevance (Chinese,
/// mixed, typos, title above description, freshness and credit breaking ties), filters and geo, the index joining the
/// caller's transaction, and parallel writes of one listing. Each test searches its own category.
/// </summary>
public abstract class ListingSearchTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static readonly DateTime Today = new(2026, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly OwnSearchDocuments _own = new();

    private ListingSearchDocument Doc(string title, string description = "", long price = 10_000, string condition = "good", double lat = 30.25,
        double lng = 120.15, int credit = 100, DateTime? published = null) =>
        new(OwnSearchDocuments.NextId(), 1, title, description, _own.Category, condition, price, lat, lng, "西湖区", credit, published ?? Today, null);

    private Task IndexAsync(params ListingSearchDocument[] docs) => server.WithScopeAsync(async sp =>
    {
        foreach (var doc in docs)
        {
            await sp.GetRequiredService<ListingSearchIndex>().UpsertAsync(doc, CancellationToken.None);
        }

        return 0;
    });

    private Task<ListingSearchPage> SearchAsync(ListingSearchQuery query) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<ListingSearch>().SearchAsync(query with { CategoryId = _own.Category }, CancellationToken.None));

    private async Task<long[]> FoundAsync(string q) => (await SearchAsync(new ListingSearchQuery(q))).Items.Select(i => i.ListingId).ToArray();

    private static long[] Ids(params ListingSearchDocument[] docs) => docs.Select(d => d.ListingId).ToArray();

    [Fact]
    public async Task Phones_rank_above_phone_cases_and_every_word_of_the_query_must_match()
    {
        var phone = Doc("二手 iPhone 13 手机 128G");
        var used = Doc("二手手机 华为 P40", published: Today.AddHours(-1));
        var phoneCase = Doc("iPhone 手机壳 透明防摔");
        var book = Doc("二手书 考研数学全书");
        await IndexAsync(phone, used, phoneCase, book);

        Assert.Equal(Ids(phone, used, phoneCase), await FoundAsync("手机"));
        Assert.Equal(Ids(phoneCase), await FoundAsync("手机壳"));
        Assert.Equal(Ids(phone), await FoundAsync("二手 iPhone 手机"));
        Assert.Equal(Ids(phone, used), await FoundAsync("二手手机"));
        Assert.Empty(await FoundAsync("冰箱"));
    }

    [Fact]
    public async Task Mixed_and_full_width_text_finds_the_same_words()
    {
        var mate = Doc("华为Mate60Pro 12+512G 手机");
        await IndexAsync(mate, Doc("小米14 手机"));

        Assert.Equal(Ids(mate), await FoundAsync("mate60pro"));
        Assert.Equal(Ids(mate), await FoundAsync("MATE 60"));
        Assert.Equal(Ids(mate), await FoundAsync("ｍａｔｅ６０ 手机"));
        Assert.Empty(await FoundAsync("mate70"));
    }

    [Fact]
    public async Task A_latin_word_one_edit_off_finds_the_indexed_word()
    {
        var iphone = Doc("iPhone 14 Pro Max 256G");
        var switchConsole = Doc("任天堂 Nintendo Switch 游戏机");
        await IndexAsync(iphone, switchConsole);

        Assert.Equal(Ids(iphone), await FoundAsync("iphnoe"));
        Assert.Equal(Ids(iphone), await FoundAsync("ipone 14"));
        Assert.Equal(Ids(switchConsole), await FoundAsync("nintedo swicth"));
        Assert.Empty(await FoundAsync("ipnohe"));
        var typo = Assert.Single((await SearchAsync(new ListingSearchQuery("iphnoe"))).Items);
        var exact = Assert.Single((await SearchAsync(new ListingSearchQuery("iphone"))).Items);
        Assert.True(typo.Score < exact.Score, $"a typo ({typo.Score}) scores below the word itself ({exact.Score})");
    }

    [Fact]
    public async Task A_title_match_beats_a_description_match()
    {
        var desk = Doc("实木书桌 一米二", "送一个台灯");
        var lamp = Doc("护眼台灯", "宿舍用过一学期", published: Today.AddDays(-3));
        await IndexAsync(desk, lamp);

        Assert.Equal(Ids(lamp, desk), await FoundAsync("台灯"));
    }

    [Fact]
    public async Task Equal_scores_go_to_the_fresher_day_then_to_the_seller_with_more_credit()
    {
        var yesterday = Doc("宜家 书架 白色", credit: 900, published: Today.AddDays(-1));
        var lateToday = Doc("宜家 书架 白色", credit: 10, published: Today.AddHours(2));
        var earlyToday = Doc("宜家 书架 白色", credit: 500, published: Today.AddHours(-4));
        await IndexAsync(yesterday, lateToday, earlyToday);

        Assert.Equal(Ids(earlyToday, lateToday, yesterday), await FoundAsync("书架"));
        Assert.Equal(Ids(lateToday, earlyToday, yesterday), (await SearchAsync(new ListingSearchQuery("书架", Sort: "newest"))).Items.Select(i => i.ListingId));
    }

    [Fact]
    public async Task Filters_and_a_circle_around_a_position_narrow_and_sort_the_listings()
    {
        var westLake = Doc("自行车 捷安特", price: 5_000, condition: "new");
        var north2Km = Doc("自行车 美利达", price: 20_000, condition: "like-new", lat: 30.27);
        var north11Km = Doc("自行车 永久", price: 90_000, condition: "fair", lat: 30.35);
        var shanghai = Doc("自行车 凤凰", price: 3_000, condition: "for-parts", lat: 31.23, lng: 121.47);
        await IndexAsync(westLake, north2Km, north11Km, shanghai);

        async Task<long[]> Found(ListingSearchQuery query) => (await SearchAsync(query)).Items.Select(i => i.ListingId).ToArray();
        Assert.Equal(Ids(westLake, north2Km), await Found(new ListingSearchQuery("自行车", MinPrice: 4_000, MaxPrice: 30_000, Sort: "price")));
        Assert.Equal(Ids(north2Km), await Found(new ListingSearchQuery(Condition: "like-new")));
        var near = await SearchAsync(new ListingSearchQuery(Lat: 30.25, Lng: 120.15, RadiusKm: 5, Sort: "distance"));
        Assert.Equal(Ids(westLake, north2Km), near.Items.Select(i => i.ListingId));
        Assert.Equal(0, near.Items[0].DistanceKm!.Value, 3);
        Assert.Equal(2.224, near.Items[1].DistanceKm!.Value, 2);
        Assert.Equal(Ids(westLake, north2Km, north11Km), await Found(new ListingSearchQuery("自行车", Lat: 30.25, Lng: 120.15, RadiusKm: 15, Sort: "price")));
        Assert.Equal(Ids(westLake, north2Km, north11Km, shanghai), await Found(new ListingSearchQuery(Lat: 30.25, Lng: 120.15, Sort: "distance")));
        // A full page is counted apart, a last page from its offset, a page beyond the end apart again.
        Assert.Equal(3, (await SearchAsync(new ListingSearchQuery(Lat: 30.25, Lng: 120.15, RadiusKm: 15, Sort: "distance", PageSize: 2))).Total);
        var second = await SearchAsync(new ListingSearchQuery(Lat: 30.25, Lng: 120.15, RadiusKm: 15, Sort: "distance", Page: 2, PageSize: 2));
        Assert.Equal(Ids(north11Km), second.Items.Select(i => i.ListingId));
        Assert.Equal(3, second.Total);
        var beyond = await SearchAsync(new ListingSearchQuery(Lat: 30.25, Lng: 120.15, RadiusKm: 15, Page: 3, PageSize: 2));
        Assert.Empty(beyond.Items);
        Assert.Equal(3, beyond.Total);
    }

    [Fact]
    public async Task Words_alone_count_every_document_that_has_them_and_no_removed_one()
    {
        var docs = Enumerable.Range(0, 4).Select(i => Doc($"Vexillum 旗 {i}", description: i == 0 ? "" : "vexillum")).ToArray();
        await IndexAsync(docs);
        await server.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<ListingSearchIndex>().RemoveAsync(docs[3].ListingId, CancellationToken.None);
            return 0;
        });

        foreach (var (sort, size) in new[] { ("relevance", 1), ("newest", 2), ("price", 20), ("relevance", 20) })
        {
            var page = await server.WithScopeAsync(sp => sp.GetRequiredService<ListingSearch>()
                .SearchAsync(new ListingSearchQuery("vexillum", Sort: sort, PageSize: size), CancellationToken.None));
            Assert.Equal((Math.Min(size, 3), 3L), (page.Items.Count, page.Total));
        }
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_no_trace_in_the_index()
    {
        var doc = Doc("Zorblax 限量版 手办");
        var kept = Doc("Quixotic 手办");
        await IndexAsync(kept);
        await server.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CirculaDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<ListingSearchIndex>().UpsertAsync(doc, CancellationToken.None);
            await sp.GetRequiredService<ListingSearchIndex>().RemoveAsync(kept.ListingId, CancellationToken.None);
            var inside = await sp.GetRequiredService<ListingSearch>().SearchAsync(new ListingSearchQuery("手办", _own.Category), CancellationToken.None);
            Assert.Equal(Ids(doc), inside.Items.Select(i => i.ListingId));
            await transaction.RollbackAsync();
            return 0;
        });

        Assert.Equal(Ids(kept), await FoundAsync("手办"));
        Assert.Empty(await FoundAsync("zorblax"));
        Assert.Empty(await FoundAsync("zorblx"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM marketplace_search_terms WHERE term = 'zorblax'"));
    }

    [Fact]
    public async Task Parallel_writes_of_one_listing_leave_one_document()
    {
        var doc = Doc("戴森吹风机 HD08");
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => IndexAsync(doc with { PriceFen = 100_000 + i, Title = $"戴森吹风机 HD08 第{i}版" })));

        var hit = Assert.Single((await SearchAsync(new ListingSearchQuery("吹风机"))).Items);
        Assert.Equal(doc.ListingId, hit.ListingId);
        Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM marketplace_search_documents WHERE listing_id = {doc.ListingId}"));
        if (server.Provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal(1L, await CountAsync($"SELECT COUNT(*) FROM marketplace_search_fts WHERE rowid = {doc.ListingId}"));
        }

        await server.WithScopeAsync(async sp => { await sp.GetRequiredService<ListingSearchIndex>().RemoveAsync(doc.ListingId, CancellationToken.None); return 0; });
        Assert.Empty(await FoundAsync("吹风机"));
    }

    private Task<long> CountAsync(string sql) => server.WithScopeAsync(async sp =>
        (await sp.GetRequiredService<CirculaDbContext>().QueryAsync(sql, r => r.GetInt64(0), CancellationToken.None))[0]);
}

public sealed class ListingSearchTestsOnSqlite(SqliteServer server) : ListingSearchTests<SqliteServer>(server);

public sealed class ListingSearchTestsOnPostgres(PostgresServer server) : ListingSearchTests<PostgresServer>(server);
