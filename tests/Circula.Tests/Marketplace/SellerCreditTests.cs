using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Marketplace.Credit;
using Circula.Tests.Infrastructure;
using Circula.Tests.Recycling;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Marketplace;

public sealed record CreditDto(int Score, string Tier, string TierName);

public sealed record CreditEntryDto(string Id, string Rule, int Points, string Reason, string SourceKey, string? RecordedBy);

public sealed record CreditTrailDto(List<CreditEntryDto> Items, int Page, int PageSize, long Total);

public sealed record CreditAccountDto(string UserId, CreditDto Credit, CreditTrailDto Trail);

public sealed record CreditReplayDto(string UserId, int StoredScore, int TrailScore, int Drift, int TrailEntries, CreditDto Credit);

public sealed record SellerProfileDto(string UserId, string Nickname, CreditDto Credit, int ActiveListings);

/// <summary>
/// Seller credit: each change a trail row with its reason, recorded once per source key, the score the trail's sum even
/// under parallel changes, replay repairing a corrupted score, tiers, the recycling no-show penalty, and the operators' changes.
/// </summary>
public abstract class SellerCreditTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Replaying_the_trail_finds_and_repairs_a_corrupted_score()
    {
        var seller = await server.SellerAsync();
        Assert.NotNull(await RecordAsync(seller.Id, CreditRule.CompletedDeal, "order-completed:1"));
        Assert.NotNull(await RecordAsync(seller.Id, CreditRule.ShippedOnTime, "order-shipped:1"));
        Assert.NotNull(await RecordAsync(seller.Id, CreditRule.CancelledAfterPayment, "order-cancelled:2"));
        Assert.Null(await RecordAsync(seller.Id, CreditRule.CompletedDeal, "order-completed:1"));
        using var admin = await server.AdminClientAsync();
        var path = $"/api/v1/admin/marketplace/credit/{seller.Id}";
        // 10 + 2 - 15: the redelivered completion did not count again.
        Assert.Equal(-3, (await (await admin.GetAsync(path)).ReadAs<CreditAccountDto>()).Credit.Score);

        var clean = await (await admin.PostAsync($"{path}/replay")).ReadAs<CreditReplayDto>();
        Assert.Equal((-3, -3, 0, 3), (clean.StoredScore, clean.TrailScore, clean.Drift, clean.TrailEntries));

        await server.Database.ExecuteAsync($"UPDATE marketplace_seller_credits SET score = 700 WHERE user_id = {seller.Id}");
        var corrupted = (await (await admin.GetAsync(path)).ReadAs<CreditAccountDto>()).Credit;
        Assert.Equal(("gold", 700), (corrupted.Tier, corrupted.Score));
        var repaired = await (await admin.PostAsync($"{path}/replay")).ReadAs<CreditReplayDto>();
        Assert.Equal((700, -3, 703, "newcomer"), (repaired.StoredScore, repaired.TrailScore, repaired.Drift, repaired.Credit.Tier));
        Assert.Equal(-3, (await (await seller.Client.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>()).Credit.Score);
    }

    [Fact]
    public async Task Parallel_changes_of_one_user_add_up_and_a_reference_counts_once()
    {
        var seller = await server.SellerAsync();
        using var admin = await server.AdminClientAsync();
        var path = $"/api/v1/admin/marketplace/credit/{seller.Id}/adjustments";
        var distinct = Enumerable.Range(1, 12).Select(i => admin.PostAsJsonAsync(path, new { kind = "adjustment", points = i, reference = $"CASE-{i}", reason = "补偿" }));
        var same = Enumerable.Range(0, 6).Select(_ => admin.PostAsJsonAsync(path, new { kind = "dispute-lost", reference = "DSP-1", reason = "纠纷败诉" }));
        var byEvents = Enumerable.Range(0, 6).Select(i => RecordAsync(seller.Id, CreditRule.CompletedDeal, $"order-completed:{i % 3}"));
        var responses = await Task.WhenAll(distinct.Concat(same));
        await Task.WhenAll(byEvents);

        Assert.Equal(13, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            await conflict.ShouldBeProblem(HttpStatusCode.Conflict, "credit_already_recorded");
        }

        // 1 + ... + 12 = 78; one lost dispute -30; three completed deals +30.
        var account = await (await admin.GetAsync($"/api/v1/admin/marketplace/credit/{seller.Id}?pageSize=100")).ReadAs<CreditAccountDto>();
        Assert.Equal((78, 16L), (account.Credit.Score, account.Trail.Total));
        Assert.Equal(account.Credit.Score, account.Trail.Items.Sum(e => e.Points));
        Assert.Equal(0, (await (await admin.PostAsync($"/api/v1/admin/marketplace/credit/{seller.Id}/replay")).ReadAs<CreditReplayDto>()).Drift);
        var dispute = Assert.Single(account.Trail.Items, e => e.Rule == "dispute-lost");
        Assert.Equal((-30, "dispute-lost:DSP-1", "纠纷败诉"), (dispute.Points, dispute.SourceKey, dispute.Reason));
        Assert.NotNull(dispute.RecordedBy);
    }

    [Fact]
    public async Task Tiers_show_on_the_profile_and_the_search_documents_carry_the_score()
    {
        var seller = await server.SellerAsync();
        var listing = await server.PublishedAsync(seller, MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var profile = await (await server.Client.GetAsync($"/api/v1/marketplace/sellers/{seller.Id}")).ReadAs<SellerProfileDto>();
        Assert.Equal((0, "newcomer", "新手卖家", 1), (profile.Credit.Score, profile.Credit.Tier, profile.Credit.TierName, profile.ActiveListings));
        Assert.EndsWith("****", profile.Nickname, StringComparison.Ordinal);
        Assert.DoesNotContain(seller.Username, profile.Nickname, StringComparison.Ordinal);

        using var admin = await server.AdminClientAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/admin/marketplace/credit/{seller.Id}/adjustments",
            new { kind = "adjustment", points = 120, reference = "MIGRATED-1", reason = "迁移旧平台信用" })).ShouldBe(HttpStatusCode.Created);
        var good = (await (await server.Client.GetAsync($"/api/v1/marketplace/sellers/{seller.Id}")).ReadAs<SellerProfileDto>()).Credit;
        Assert.Equal(("good", "良好卖家"), (good.Tier, good.TierName));
        Assert.Equal(120L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT seller_credit FROM marketplace_search_documents WHERE listing_id = {listing.Id}")));
        var view = await (await server.Client.GetAsync($"/api/v1/listings/{listing.Id}")).ReadAs<ListingWithCreditDto>();
        Assert.Equal((120, "good"), (view.SellerCredit!.Score, view.SellerCredit.Tier));

        await (await admin.PostAsJsonAsync($"/api/v1/admin/marketplace/credit/{seller.Id}/adjustments",
            new { kind = "adjustment", points = 400, reference = "MIGRATED-2", reason = "迁移旧平台信用" })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("gold", (await (await server.Client.GetAsync($"/api/v1/marketplace/sellers/{seller.Id}")).ReadAs<SellerProfileDto>()).Credit.Tier);
        await (await server.Client.GetAsync("/api/v1/marketplace/sellers/999999999")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_recycling_no_show_costs_the_customer_credit_once()
    {
        var customer = await server.CreateUserAsync(Roles.Customer);
        var (_, collector, booked) = await server.AssignedPickupAsync(customer);
        await (await collector.TaskAsync(booked, "start")).ShouldBe(HttpStatusCode.OK);
        await (await collector.TaskAsync(booked, "no-show", new { reason = "敲门无人" })).ShouldBe(HttpStatusCode.OK);

        await server.EventuallyAsync(async () =>
            (await (await customer.Client.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>()).Trail.Total == 1);
        var account = await (await customer.Client.GetAsync("/api/v1/marketplace/credit/me")).ReadAs<CreditAccountDto>();
        var entry = Assert.Single(account.Trail.Items);
        Assert.Equal(("recycling-no-show", -5, $"recycling-no-show:{booked.Id}"), (entry.Rule, entry.Points, entry.SourceKey));
        Assert.Equal(-5, account.Credit.Score);
        Assert.Null(await RecordAsync(customer.Id, CreditRule.RecyclingNoShow, $"recycling-no-show:{booked.Id}"));
    }

    [Fact]
    public async Task Bad_operator_changes_are_refused_and_only_operators_make_them()
    {
        var seller = await server.SellerAsync();
        using var admin = await server.AdminClientAsync();
        var path = $"/api/v1/admin/marketplace/credit/{seller.Id}/adjustments";
        Assert.Equal(["kind", "reason", "reference"],
            (await (await admin.PostAsJsonAsync(path, new { kind = "bonus", reference = " " })).RefusedFieldsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(["points"], await (await admin.PostAsJsonAsync(path, new { kind = "adjustment", points = 0, reference = "A", reason = "x" })).RefusedFieldsAsync());
        Assert.Equal(["points"], await (await admin.PostAsJsonAsync(path, new { kind = "adjustment", points = 1001, reference = "A", reason = "x" })).RefusedFieldsAsync());
        Assert.Equal(["points"], await (await admin.PostAsJsonAsync(path, new { kind = "dispute-lost", points = -5, reference = "A", reason = "x" })).RefusedFieldsAsync());
        await (await admin.PostAsync(path, new StringContent("{\"kind\":\"adjustment\",\"points\":\"many\"}", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostAsJsonAsync("/api/v1/admin/marketplace/credit/999999999/adjustments", new { kind = "dispute-lost", reference = "A", reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PostAsync("/api/v1/admin/marketplace/credit/999999999/replay")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await seller.Client.PostAsJsonAsync(path, new { kind = "adjustment", points = 100, reference = "A", reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync("/api/v1/marketplace/credit/me")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(["pageSize"], await (await seller.Client.GetAsync("/api/v1/marketplace/credit/me?pageSize=1000")).RefusedFieldsAsync());
        Assert.Equal(0L, (await (await admin.GetAsync($"/api/v1/admin/marketplace/credit/{seller.Id}")).ReadAs<CreditAccountDto>()).Trail.Total);
    }

    private Task<CreditEntry?> RecordAsync(long userId, CreditRule rule, string sourceKey) =>
        server.WithScopeAsync(s => s.GetRequiredService<SellerCredits>().RecordAsync(UserId.From(userId), rule, sourceKey, $"test {sourceKey}", CancellationToken.None));
}

public sealed record ListingWithCreditDto(string Id, CreditDto? SellerCredit);

public sealed class SellerCreditTestsOnSqlite(SqliteServer server) : SellerCreditTests<SqliteServer>(server);

public sealed class SellerCreditTestsOnPostgres(PostgresServer server) : SellerCreditTests<PostgresServer>(server);
