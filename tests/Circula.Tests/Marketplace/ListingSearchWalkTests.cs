using Circula.Data;
using Circula.Marketplace.Search;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

/// <summary>
/// A page read from a walk of the documents in its order is the full query's page, ties included, on both providers:
/// relevance from the title tier (every query word in the title, walked in tie-break order), newest as it is; when the
/// walk cannot fill the page (too few title matches, a page past them, or a walk that ends first) the full query
/// answers. The full ranking is the same search with a walk of 0 rows, which never walks. The documents are published
/// decades ahead so they come first in the walk whatever else the database holds.
/// </summary>
public abstract class ListingSearchWalkTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private static long _nextId = Random.Shared.NextInt64(1L << 40, 1L << 50);

    private readonly long _category = Random.Shared.NextInt64(1_000_000, long.MaxValue);

    private ListingSearchDocument Doc(string title, DateTime published, int credit = 100, string description = "") =>
        new(Interlocked.Increment(ref _nextId), 1, title, description, _category, "good", 10_000, 30.25, 120.15, "西湖区", credit, published, null);

    private Task IndexAsync(params ListingSearchDocument[] docs) => server.WithScopeAsync(async sp =>
    {
        foreach (var doc in docs)
        {
            await sp.GetRequiredService<ListingSearchIndex>().UpsertAsync(doc, CancellationToken.None);
        }

        return 0;
    });

    /// <summary>The page from the walk alone (null when it gives way) and the page the search answers, with a walk of walkRows.</summary>
    private Task<(long[]? Walked, long[] Answered)> PagesAsync(string q, int page, int size, int walkRows = 2_000, string? sort = null) => server.WithScopeAsync(async sp =>
    {
        var search = new ListingSearch(sp.GetRequiredService<CirculaDbContext>()) { WalkRows = walkRows };
        var query = new ListingSearchQuery(q, _category, Sort: sort, Page: page, PageSize: size);
        var plan = await search.PlanAsync(query, CancellationToken.None);
        var walked = await search.WalkedPageAsync(query, plan!, CancellationToken.None);
        var answered = await search.SearchAsync(query, CancellationToken.None);
        return (walked?.Select(h => h.ListingId).ToArray(), answered.Items.Select(h => h.ListingId).ToArray());
    });

    private async Task<long[]> FullRankingAsync(string q, string? sort = null) => (await server.WithScopeAsync(sp =>
        new ListingSearch(sp.GetRequiredService<CirculaDbContext>()) { WalkRows = 0 }
            .SearchAsync(new ListingSearchQuery(q, _category, Sort: sort, PageSize: ListingSearchQuery.MaxPageSize), CancellationToken.None)))
        .Items.Select(h => h.ListingId).ToArray();

    /// <summary>Only PostgreSQL walks for now (SQLite reads the walk too slowly, docs/benchmarks.md): on SQLite every page is the full query's.</summary>
    private void AssertPages(long[]? walked, long[] answered, (long[]? Walked, long[] Answered) actual)
    {
        Assert.Equal(server.Provider == DatabaseProvider.Postgres ? walked : null, actual.Walked);
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
        await IndexAsync(ikea, ikeaTwin, morningHighCredit, nextDay, ikeaAfternoon, dayBefore, dayBeforeLowCredit, deskWithLamp, ikeaShelfWithLamp);

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
    private async Task AssertEveryPageAsync(string q, string? sort, long[] full, int walkedMatches)
    {
        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            for (var page = 1; (page - 1) * size < full.Length; page++)
            {
                var expected = full.Skip((page - 1) * size).Take(size).ToArray();
                AssertPages(page * size <= walkedMatches ? expected : null, expected, await PagesAsync(q, page, size, sort: sort));
            }
        }
    }

    [Fact]
    public async Task A_walk_that_ends_before_its_matches_fill_the_page_leaves_it_to_the_full_query()
    {
        var noon = new DateTime(2095, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var lamp = Doc("台灯 护眼", noon.AddDays(-1));
        var desks = Enumerable.Range(0, 3).Select(i => Doc("书桌", noon.AddMinutes(i), description: "送一个台灯")).ToArray();
        await IndexAsync([lamp, .. desks]);

        var full = await FullRankingAsync("台灯");
        Assert.Equal(Ids(lamp, desks[2], desks[1], desks[0]), full);
        AssertPages(null, full[..1], await PagesAsync("台灯", 1, 1, walkRows: 3));
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
