using System.Globalization;
using System.Net;
using Circula.Data;
using Circula.Marketplace.Contracts;
using Circula.Marketplace.Listings;
using Circula.Shared.StateMachines;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

public sealed record DailyPriceDto(DateOnly Date, int Count, long? AverageFen);

public sealed record PriceSuggestionDto(string Status, int SampleSize, int MinimumSamples, long? SuggestedFen, long? LowFen, long? HighFen, List<DailyPriceDto> Daily);

/// <summary>
/// Price suggestions over HTTP: the weighted window against a hand-computed example, what counts as similar, too few
/// samples said as such, the demo deals answering on a fresh start, and bad questions refused.
/// </summary>
public abstract class PriceSuggestionTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Word = "zqxlamp";

    [Fact]
    public async Task The_suggestion_is_the_weighted_mean_with_a_band_of_one_and_a_half_weighted_deviations()
    {
        var seller = await server.SellerAsync();
        // Five deals of category 6 ("others"), condition good, titles with the word, aged 0, 0, 1, 2 and 2 days:
        //   weights w = 0.98^age: 1, 1, 0.98, 0.9604, 0.9604                              Σw   = 4.9008
        //   Σwp = 10000 + 12000 + 0.98·11000 + 0.9604·9000 + 0.9604·13000
        //       = 10000 + 12000 + 10780 + 8643.6 + 12485.2                              = 53908.8
        //   mean = 53908.8 / 4.9008                                                     = 11000
        //   Σw(p − mean)² = 1·1000² + 1·1000² + 0.98·0 + 0.9604·2000² + 0.9604·2000²  = 9683200
        //   σ² = 9683200 / 4.9008 = 1975840.679…;  σ = 1405.646…;  1.5σ = 2108.469…
        //   band: 11000 − 2108.469 = 8891.53 → 8892;  11000 + 2108.469 = 13108.47 → 13108
        await SoldAsync(seller, $"{Word} 台灯 甲", "good", 10_000, 0);
        await SoldAsync(seller, $"{Word} 台灯 乙", "good", 12_000, 0);
        await SoldAsync(seller, $"{Word} 台灯 丙", "good", 11_000, 1);
        await SoldAsync(seller, $"{Word} 台灯 丁", "good", 9_000, 2);
        await SoldAsync(seller, $"{Word} 台灯 戊", "good", 13_000, 2);
        // Not similar or not in the window: 30 days old, another condition, a title without the word.
        await SoldAsync(seller, $"{Word} 台灯 己", "good", 50_000, 30);
        await SoldAsync(seller, $"{Word} 台灯 庚", "fair", 50_000, 0);
        await SoldAsync(seller, "落地灯", "good", 50_000, 0);
        // A published listing is no deal.
        await server.PublishedAsync(seller, Item($"{Word} 台灯 辛", "good", 50_000));

        var suggestion = await AskAsync($"categoryId=6&condition=good&q={Word}");
        Assert.Equal(("ok", 5, 5, 11_000L, 8_892L, 13_108L), (suggestion.Status, suggestion.SampleSize, suggestion.MinimumSamples, suggestion.SuggestedFen,
            suggestion.LowFen, suggestion.HighFen));
        var today = DateOnly.FromDateTime(server.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(30, suggestion.Daily.Count);
        Assert.Equal((today.AddDays(-29), today), (suggestion.Daily[0].Date, suggestion.Daily[^1].Date));
        Assert.Equal([(2, 11_000L), (1, 11_000L), (2, 11_000L)], suggestion.Daily.TakeLast(3).Reverse().Select(d => (d.Count, d.AverageFen ?? 0)));
        Assert.All(suggestion.Daily.SkipLast(3), d => Assert.Equal((0, (long?)null), (d.Count, d.AverageFen)));

        // Without q every good "others" deal of the window counts: the lamp without the word too.
        Assert.Equal(6, (await AskAsync("categoryId=6&condition=good")).SampleSize);
        var tooFew = await AskAsync($"categoryId=6&condition=fair&q={Word}");
        Assert.Equal(("insufficient_data", 1, (long?)null, (long?)null, (long?)null), (tooFew.Status, tooFew.SampleSize, tooFew.SuggestedFen, tooFew.LowFen,
            tooFew.HighFen));
        Assert.Equal(0, (await AskAsync("categoryId=6&condition=good&q=沙发")).SampleSize);
    }

    [Fact]
    public async Task The_demo_deals_answer_on_a_fresh_start()
    {
        var phones = await AskAsync("categoryId=1&condition=like-new");
        Assert.Equal(("ok", 15), (phones.Status, phones.SampleSize));
        Assert.True(phones.LowFen <= phones.SuggestedFen && phones.SuggestedFen <= phones.HighFen);
        var iphones = await AskAsync("categoryId=1&condition=like-new&q=" + Uri.EscapeDataString("iPhone 13 国行"));
        Assert.Equal(("ok", 5), (iphones.Status, iphones.SampleSize));
        Assert.InRange(iphones.SuggestedFen!.Value, 259_900 * 85 / 100, 259_900 * 115 / 100);
        Assert.Equal(("ok", 15), ((await AskAsync("categoryId=2&condition=good")).Status, (await AskAsync("categoryId=2&condition=good")).SampleSize));
    }

    [Fact]
    public async Task Bad_questions_are_refused()
    {
        Assert.Equal(["categoryId", "condition"], (await (await server.Client.GetAsync("/api/v1/pricing/suggestions")).RefusedFieldsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["categoryId"], await (await server.Client.GetAsync("/api/v1/pricing/suggestions?categoryId=99&condition=good")).RefusedFieldsAsync());
        Assert.Equal(["condition"], await (await server.Client.GetAsync("/api/v1/pricing/suggestions?categoryId=1&condition=mint")).RefusedFieldsAsync());
        Assert.Equal(["q"], await (await server.Client.GetAsync($"/api/v1/pricing/suggestions?categoryId=1&condition=good&q={new string('a', 61)}")).RefusedFieldsAsync());
        Assert.Equal(["q"], await (await server.Client.GetAsync("/api/v1/pricing/suggestions?categoryId=1&condition=good&q=%01")).RefusedFieldsAsync());
        await (await server.Client.GetAsync("/api/v1/pricing/suggestions?categoryId=phones&condition=good")).ShouldBe(HttpStatusCode.BadRequest);
    }

    private async Task<PriceSuggestionDto> AskAsync(string query) =>
        await (await server.Client.GetAsync($"/api/v1/pricing/suggestions?{query}")).ReadAs<PriceSuggestionDto>();

    private static object Item(string title, string condition, long priceFen)
    {
        var spot = MarketplaceTestApi.NewSpot();
        return new
        {
            title, description = "测试用", categoryId = 6, condition, priceFen, imageIds = Array.Empty<string>(),
            location = new { latitude = spot.Latitude, longitude = spot.Longitude, district = "测试区" },
        };
    }

    /// <summary>A published listing moved through the table's purchase transitions (reserve, sell) as the purchase flow will, sold <paramref name="daysAgo"/> days ago.</summary>
    private async Task SoldAsync(SignedInUser seller, string title, string condition, long priceFen, int daysAgo)
    {
        var published = await server.PublishedAsync(seller, Item(title, condition, priceFen));
        await server.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<CirculaDbContext>();
            var listing = await db.Set<Listing>().SingleAsync(l => l.Id == long.Parse(published.Id, CultureInfo.InvariantCulture));
            var at = server.Clock.GetUtcNow().UtcDateTime.AddDays(-daysAgo);
            foreach (var trigger in new[] { ListingTrigger.Reserve, ListingTrigger.Sell })
            {
                db.Add(ListingStateMachine.Machine.HistoryRow(listing, ListingStateMachine.Machine.Fire(listing, trigger, Requester.System, null, at).Value!));
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            await s.GetRequiredService<ListingSearchSync>().SyncAsync(listing, CancellationToken.None);
            await transaction.CommitAsync();
            return 0;
        });
    }
}

public sealed class PriceSuggestionTestsOnSqlite(SqliteServer server) : PriceSuggestionTests<SqliteServer>(server);

public sealed class PriceSuggestionTestsOnPostgres(PostgresServer server) : PriceSuggestionTests<PostgresServer>(server);
