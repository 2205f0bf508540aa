using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

public sealed record AttributeDto(string Name, string Label, string Type, List<string>? Options, bool Required);

public sealed record RecyclingCategoryDto(long Id, long? ParentId, string Name, string Path, string? Unit, long? BasePriceFen, int? RuleVersion, List<AttributeDto> Attributes);

public sealed record AppliedFactorDto(int Index, string Description, string Effect, long Amount, long PriceBeforeFen, long PriceAfterFen);

public sealed record QuotedItemDto(decimal Quantity, Dictionary<string, JsonElement> Attributes, long BasePriceFen, List<AppliedFactorDto> Factors, string? ClampedTo,
    long UnitPriceFen, long TotalFen);

public sealed record QuoteDto(string Id, long CategoryId, int RuleVersion, string Unit, List<QuotedItemDto> Items, long TotalFen, DateTime CreatedAt, DateTime ExpiresAt);

public sealed record PricingVersionDto(int Version, JsonElement Rule, long? SavedBy, DateTime SavedAt);

/// <summary>The price list, quotes, and operators' versioned edits over HTTP, with their refusals and races.</summary>
public abstract class RecyclingPricingTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private const string Pricing = "/api/v1/admin/recycling/pricing";

    private async Task<RecyclingCategoryDto> CategoryAsync(string path) =>
        (await (await server.Client.GetAsync("/api/v1/recycling/categories")).ReadAs<List<RecyclingCategoryDto>>()).Single(c => c.Path == path);

    private static object Phone(string brand, int ageYears, bool working, bool? screenCracked = null) =>
        new { quantity = 1, attributes = new { brand, ageYears, working, screenCracked } };

    private static object SimpleRule(long basePriceFen) => new
    {
        unit = "kg",
        basePriceFen,
        attributes = new[] { new { name = "wet", label = "受潮", type = "boolean" } },
        factors = new[] { new { field = "wet", @operator = "eq", value = true, effect = "multiply", amount = 7000, label = "受潮" } },
    };

    private static HttpRequestMessage Put(long categoryId, object rule, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Pricing}/{categoryId}") { Content = JsonContent.Create(rule) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }

        return request;
    }

    [Fact]
    public async Task The_price_list_shows_every_seeded_category_with_its_unit_price_and_questions()
    {
        var categories = await (await server.Client.GetAsync("/api/v1/recycling/categories")).ReadAs<List<RecyclingCategoryDto>>();

        foreach (var path in new[] { "废纸/纸箱", "塑料/塑料瓶", "金属/废铜", "电子产品/旧手机", "衣物", "家具", "家电/大家电" })
        {
            var category = categories.Single(c => c.Path == path);
            Assert.NotNull(category.Unit);
            Assert.True(category.BasePriceFen > 0);
        }

        var phone = categories.Single(c => c.Path == "电子产品/旧手机");
        Assert.Equal("piece", phone.Unit);
        Assert.Equal(("piece", 500L), (categories.Single(c => c.Path == "家电/小家电").Unit, categories.Single(c => c.Path == "家电/小家电").BasePriceFen));
        Assert.Equal(["brand", "ageYears", "working", "screenCracked"], phone.Attributes.Select(a => a.Name));
        Assert.Contains("华为", phone.Attributes[0].Options!);
        Assert.Null(categories.Single(c => c.Path == "电子产品").Unit);
    }

    [Fact]
    public async Task A_quote_is_itemized_kept_and_keeps_its_rule_version_after_an_edit()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var phone = await CategoryAsync("电子产品/旧手机");
        var response = await customer.Client.PostAsJsonAsync("/api/v1/recycling/quotes",
            new { categoryId = phone.Id, items = new[] { Phone("苹果", 4, working: true), Phone("其他", 1, working: false, screenCracked: true) } });
        var quote = await response.ReadAs<QuoteDto>(HttpStatusCode.Created);

        // 苹果: 30000 ×1.5 = 45000, 3 years or more ×0.6 = 27000. 其他: ×0.3 = 9000, cracked −3000 = 6000.
        Assert.Equal([27000L, 6000L], quote.Items.Select(i => i.UnitPriceFen));
        Assert.Equal(["苹果", "使用 3 年以上"], quote.Items[0].Factors.Select(f => f.Description));
        Assert.Equal(["无法正常使用", "屏幕碎裂"], quote.Items[1].Factors.Select(f => f.Description));
        Assert.Equal(33000, quote.TotalFen);
        Assert.Equal(phone.RuleVersion, quote.RuleVersion);
        Assert.Equal(TimeSpan.FromHours(24), quote.ExpiresAt - quote.CreatedAt);
        Assert.Equal($"/api/v1/recycling/quotes/{quote.Id}", response.Headers.Location?.OriginalString);

        using var admin = await server.AdminClientAsync();
        var versions = await (await admin.GetAsync($"{Pricing}/{phone.Id}/versions")).ReadAs<List<PricingVersionDto>>();
        var edited = JsonSerializer.Deserialize<Dictionary<string, object>>(versions[0].Rule.GetRawText())!;
        edited["basePriceFen"] = 40000;
        await (await admin.SendAsync(Put(phone.Id, edited, $"\"{phone.RuleVersion}\""))).ShouldBe(HttpStatusCode.OK);

        var kept = await (await customer.Client.GetAsync($"/api/v1/recycling/quotes/{quote.Id}")).ReadAs<QuoteDto>();
        Assert.Equal((phone.RuleVersion, 33000L), (kept.RuleVersion, kept.TotalFen));
        var newer = await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/quotes", new { categoryId = phone.Id, items = new[] { Phone("华为", 1, true) } }))
            .ReadAs<QuoteDto>(HttpStatusCode.Created);
        Assert.Equal((phone.RuleVersion + 1, 48000L), (newer.RuleVersion, newer.TotalFen));

        var other = await server.CreateUserAsync(Roles.Customer);
        await (await other.Client.GetAsync($"/api/v1/recycling/quotes/{quote.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await server.Client.GetAsync($"/api/v1/recycling/quotes/{quote.Id}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Bad_quotes_are_refused_with_the_field_path_and_nothing_is_kept()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var phone = await CategoryAsync("电子产品/旧手机");
        var paper = await CategoryAsync("废纸/纸箱");
        async Task Refused(object body, params string[] paths)
        {
            var problem = await (await customer.Client.PostAsJsonAsync("/api/v1/recycling/quotes", body)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
            var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(paths.Order(StringComparer.Ordinal), fields.Order(StringComparer.Ordinal));
        }

        await Refused(new { categoryId = phone.Id, items = new[] { new { quantity = 1, attributes = new { brand = "诺基亚", ageYears = "old", working = true } } } },
            "items[0].attributes.brand", "items[0].attributes.ageYears");
        await Refused(new { categoryId = phone.Id, items = new[] { new { quantity = 2.5, attributes = new { brand = "华为", ageYears = 1 } } } },
            "items[0].quantity", "items[0].attributes.working");
        await Refused(new { categoryId = paper.Id, items = new[] { new { quantity = 1e6 } } }, "items[0].quantity");
        await Refused(new { categoryId = paper.Id, items = Array.Empty<object>() }, "items");
        await Refused(new { categoryId = paper.Id }, "items");
        await Refused(new { categoryId = 0, items = new[] { new { quantity = 1 } } }, "categoryId");
        await Refused(new { categoryId = (await CategoryAsync("电子产品")).Id, items = new[] { new { quantity = 1 } } }, "categoryId");
        await (await customer.Client.PostRawJsonAsync("/api/v1/recycling/quotes", $"{{\"categoryId\":{paper.Id},\"items\":[{{\"quantity\":\"lots\"}}]}}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await server.Client.PostAsJsonAsync("/api/v1/recycling/quotes", new { categoryId = paper.Id, items = new[] { new { quantity = 1 } } }))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Equal(0L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT count(*) FROM recycling_quotes WHERE user_id = {customer.Id}"),
            System.Globalization.CultureInfo.InvariantCulture));

        // A disabled category quotes no more, and leaves the price list.
        using var admin = await server.AdminClientAsync();
        var clothes = await CategoryAsync("衣物");
        await (await admin.PostAsync($"/api/v1/admin/categories/{clothes.Id}/disable", null)).ShouldBe(HttpStatusCode.OK);
        await Refused(new { categoryId = clothes.Id, items = new[] { new { quantity = 1, attributes = new { condition = "可穿" } } } }, "categoryId");
        var listed = await (await server.Client.GetAsync("/api/v1/recycling/categories")).ReadAs<List<RecyclingCategoryDto>>();
        Assert.DoesNotContain(listed, c => c.Id == clothes.Id);
        await (await admin.PostAsync($"/api/v1/admin/categories/{clothes.Id}/enable", null)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Operators_save_versions_conditionally_and_bad_rules_are_named_by_path()
    {
        using var admin = await server.AdminClientAsync();
        var cans = await CategoryAsync("金属/易拉罐");
        var current = cans.RuleVersion!.Value;

        var saved = await admin.SendAsync(Put(cans.Id, SimpleRule(1000), $"\"{current}\""));
        Assert.Equal(current + 1, (await saved.ReadAs<PricingVersionDto>()).Version);
        Assert.Equal($"\"{current + 1}\"", saved.Headers.ETag?.Tag);
        await (await admin.SendAsync(Put(cans.Id, SimpleRule(1100), $"\"{current}\""))).ShouldBeProblem(HttpStatusCode.PreconditionFailed, "concurrency_conflict");
        Assert.Equal(current + 2, (await (await admin.SendAsync(Put(cans.Id, SimpleRule(1200), null))).ReadAs<PricingVersionDto>()).Version);

        var history = await (await admin.GetAsync($"{Pricing}/{cans.Id}/versions")).ReadAs<List<PricingVersionDto>>();
        Assert.Equal(Enumerable.Range(1, current + 2).Reverse(), history.Select(v => v.Version));
        Assert.Equal(1200, history[0].Rule.GetProperty("basePriceFen").GetInt64());

        var bad = new
        {
            unit = "kg",
            basePriceFen = 100,
            attributes = new[] { new { name = "wet", label = "受潮", type = "boolean" } },
            factors = new object[]
            {
                new { field = "wet", @operator = "like", value = true, effect = "multiply", amount = 7000 },
                new { field = "wet", @operator = "eq", value = "yes", effect = "multiply", amount = 7000 },
                new { field = "wet", @operator = "eq", value = true, effect = "multiply", amount = -7000 },
            },
        };
        var problem = await (await admin.SendAsync(Put(cans.Id, bad, null))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["factors[0].operator", "factors[1].value", "factors[2].amount"],
            problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await (await admin.SendAsync(Put(987654321, SimpleRule(100), null))).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        var shop = (await (await admin.GetAsync("/api/v1/admin/categories")).ReadAs<List<JsonElement>>()).First(c => c.GetProperty("kind").GetString() == "shop");
        await (await admin.SendAsync(Put(shop.GetProperty("id").GetInt64(), SimpleRule(100), null))).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.SendAsync(Put(cans.Id, SimpleRule(1), null))).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.GetAsync(Pricing)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(Pricing)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(current + 2, (await CategoryAsync("金属/易拉罐")).RuleVersion);
    }

    [Fact]
    public async Task Parallel_edits_on_one_version_save_once_and_unconditional_ones_get_versions_of_their_own()
    {
        using var admin = await server.AdminClientAsync();
        var iron = await CategoryAsync("金属/废铁");
        var current = iron.RuleVersion!.Value;

        var conditional = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => admin.SendAsync(Put(iron.Id, SimpleRule(300 + i), $"\"{current}\""))));
        var statuses = string.Join(", ", conditional.Select(r => (int)r.StatusCode));
        Assert.True(conditional.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(conditional.All(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict), statuses);

        var unconditional = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => admin.SendAsync(Put(iron.Id, SimpleRule(400 + i), null))));
        Assert.All(unconditional, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var history = await (await admin.GetAsync($"{Pricing}/{iron.Id}/versions")).ReadAs<List<PricingVersionDto>>();
        Assert.Equal(Enumerable.Range(1, current + 1 + unconditional.Count(r => r.StatusCode == HttpStatusCode.OK)).Reverse(), history.Select(v => v.Version));
    }

    [Fact]
    public async Task The_preview_prices_an_edited_rule_without_saving_it()
    {
        using var admin = await server.AdminClientAsync();
        var paper = await CategoryAsync("废纸/纸箱");
        var breakdown = await (await admin.PostAsJsonAsync($"{Pricing}/preview",
                new { rule = SimpleRule(200), items = new[] { new { quantity = 2.5, attributes = new { wet = true } } } }))
            .ReadAs<JsonElement>();
        Assert.Equal(350, breakdown.GetProperty("totalFen").GetInt64()); // 200 × 0.7 = 140 a kg; × 2.5 kg
        Assert.Equal(paper.RuleVersion, (await CategoryAsync("废纸/纸箱")).RuleVersion);

        var problem = await (await admin.PostAsJsonAsync($"{Pricing}/preview", new { rule = new { unit = "ton", basePriceFen = 1 }, items = Array.Empty<object>() }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["rule.unit"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await (await admin.PostAsJsonAsync($"{Pricing}/preview", new { rule = SimpleRule(200), items = new[] { new { quantity = -1 } } }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

public sealed class RecyclingPricingTestsOnSqlite(SqliteServer server) : RecyclingPricingTests<SqliteServer>(server);

public sealed class RecyclingPricingTestsOnPostgres(PostgresServer server) : RecyclingPricingTests<PostgresServer>(server);
