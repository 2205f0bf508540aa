using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Marketplace.Search;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

public sealed record SynonymGroupDto(long Id, List<string> Terms);

public sealed record SearchHitDto(string ListingId, int Score, double? DistanceKm, string Title, long PriceFen, string District, string Condition,
    ListingImageDto? CoverImage = null);

public sealed record SearchPageDto(List<SearchHitDto> Items, int Page, int PageSize, long Total);

/// <summary>
/// The search over HTTP: its query checked whole (422 with the fields), synonyms operators edit taking effect on the
/// next query, and the synonym endpoints' rules and permission.
/// </summary>
public abstract class ListingSearchHttpTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Synonyms = "/api/v1/admin/marketplace/synonyms";

    private readonly long _category = Random.Shared.NextInt64(1_000_000, long.MaxValue);

    private async Task<string[]> ListedAsync(string query) =>
        (await (await server.Client.GetAsync($"/api/v1/listings/search?categoryId={_category}&{query}")).ReadAs<SearchPageDto>()).Items
        .Select(i => i.Title).ToArray();

    private async Task<string[]> RefusedAsync(string query) =>
        (await (await server.Client.GetAsync("/api/v1/listings/search?" + query)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed"))
        .GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

    private Task IndexAsync(long id, string title, DateTime published) => server.WithScopeAsync(async sp =>
    {
        await sp.GetRequiredService<ListingSearchIndex>().UpsertAsync(
            new ListingSearchDocument(id, 1, title, "", _category, "good", 10_000, 30.25, 120.15, "西湖区", 100, published, null), CancellationToken.None);
        return 0;
    });

    [Fact]
    public async Task A_search_answers_hits_with_the_document_fields_and_refuses_a_bad_query_naming_the_fields()
    {
        var id = Random.Shared.NextInt64(1L << 53, long.MaxValue);
        await IndexAsync(id, "二手 iPhone 13 手机", server.Clock.GetUtcNow().UtcDateTime);
        var page = await (await server.Client.GetAsync($"/api/v1/listings/search?q=iphone&categoryId={_category}&lat=30.25&lng=120.15")).ReadAs<SearchPageDto>();
        Assert.Equal(new SearchHitDto(id.ToString(System.Globalization.CultureInfo.InvariantCulture), 8, 0, "二手 iPhone 13 手机", 10_000, "西湖区", "good"),
            Assert.Single(page.Items));

        Assert.Equal(["radiusKm"], await RefusedAsync("radiusKm=5"));
        Assert.Equal(["minPrice"], await RefusedAsync("minPrice=500&maxPrice=100"));
        Assert.Equal(["sort"], await RefusedAsync("sort=cheapest"));
        Assert.Equal(["sort"], await RefusedAsync("sort=distance"));
        Assert.Equal(["pageSize"], await RefusedAsync("pageSize=51"));
        Assert.Equal(["lng"], await RefusedAsync("lat=30.2"));
        Assert.Equal(["condition", "lat", "radiusKm"], await RefusedAsync("condition=broken&lat=91&lng=120&radiusKm=101"));
        await (await server.Client.GetAsync("/api/v1/listings/search?lat=north&lng=120")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task An_operators_synonym_edit_counts_from_the_next_query_on()
    {
        await IndexAsync(Random.Shared.NextInt64(1L << 40, 1L << 50), "二手 iPhone 手机", server.Clock.GetUtcNow().UtcDateTime);
        await IndexAsync(Random.Shared.NextInt64(1L << 40, 1L << 50), "老人智能机 大字体", server.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        await IndexAsync(Random.Shared.NextInt64(1L << 40, 1L << 50), "诺基亚移动电话 收藏", server.Clock.GetUtcNow().UtcDateTime.AddHours(-2));
        Assert.Equal(["二手 iPhone 手机"], await ListedAsync("q=手机"));

        using var admin = await server.AdminClientAsync();
        var group = await (await admin.PostAsJsonAsync(Synonyms, new { terms = new[] { "手机", "智能机", "移动电话" } })).ReadAs<SynonymGroupDto>(HttpStatusCode.Created);
        try
        {
            Assert.Equal(["二手 iPhone 手机", "老人智能机 大字体", "诺基亚移动电话 收藏"], await ListedAsync("q=手机"));
            Assert.Equal(["二手 iPhone 手机", "老人智能机 大字体", "诺基亚移动电话 收藏"], await ListedAsync("q=移动电话"));
            await (await admin.PutAsJsonAsync($"{Synonyms}/{group.Id}", new { terms = new[] { "手机", "移动电话" } })).ShouldBe(HttpStatusCode.OK);
            Assert.Equal(["二手 iPhone 手机", "诺基亚移动电话 收藏"], await ListedAsync("q=手机"));
            Assert.Contains(await (await admin.GetAsync(Synonyms)).ReadAs<List<SynonymGroupDto>>(), g => g.Id == group.Id && g.Terms.SequenceEqual(["手机", "移动电话"]));
        }
        finally
        {
            await (await admin.DeleteAsync($"{Synonyms}/{group.Id}")).ShouldBe(HttpStatusCode.NoContent);
        }

        Assert.Equal(["二手 iPhone 手机"], await ListedAsync("q=手机"));
    }

    [Fact]
    public async Task Synonym_groups_are_checked_and_only_operators_edit_them()
    {
        using var admin = await server.AdminClientAsync();
        async Task<string[]> Refused(params string?[] terms) =>
            (await (await admin.PostAsJsonAsync(Synonyms, new { terms })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed"))
            .GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["terms"], await Refused("手机"));
        Assert.Equal(["terms[2]"], await Refused("手机", "ＳＯＮＹ", "sony"));
        Assert.Equal(["terms[1]"], await Refused("手机", "iPhone15"));
        Assert.Equal(["terms[0]"], await Refused(" ", "手机"));
        await (await admin.PutAsJsonAsync($"{Synonyms}/987654321", new { terms = new[] { "电脑", "计算机" } })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.DeleteAsync($"{Synonyms}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        await (await server.Client.GetAsync(Synonyms)).ShouldBe(HttpStatusCode.Unauthorized);
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.PostAsJsonAsync(Synonyms, new { terms = new[] { "电脑", "计算机" } })).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Groups_racing_for_one_term_leave_it_in_one_group()
    {
        using var admin = await server.AdminClientAsync();
        var answers = await Task.WhenAll(new[] { "wireless", "tuner", "receiver", "transistor", "shortwave", "broadcast" }
            .Select(other => admin.PostAsJsonAsync(Synonyms, new { terms = new[] { "radio", other } })));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblem(HttpStatusCode.Conflict, SynonymGroups.TermTaken);
        }

        var winner = await answers.Single(a => a.StatusCode == HttpStatusCode.Created).ReadAs<SynonymGroupDto>(HttpStatusCode.Created);
        await (await admin.PostAsJsonAsync(Synonyms, new { terms = new[] { "RADIO", "wireless" } })).ShouldBeProblem(HttpStatusCode.Conflict, SynonymGroups.TermTaken);
        await (await admin.DeleteAsync($"{Synonyms}/{winner.Id}")).ShouldBe(HttpStatusCode.NoContent);
    }
}

public sealed class ListingSearchHttpTestsOnSqlite(SqliteServer server) : ListingSearchHttpTests<SqliteServer>(server);

public sealed class ListingSearchHttpTestsOnPostgres(PostgresServer server) : ListingSearchHttpTests<PostgresServer>(server);
