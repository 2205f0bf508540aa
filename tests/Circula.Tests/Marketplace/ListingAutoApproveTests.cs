using System.Net;
using Circula.Tests.Infrastructure;
using Circula.Tests.Recycling;

namespace Circula.Tests.Marketplace;

/// <summary>With Circula:Marketplace:AutoApproveClean on, a clean submission is published by the system at once; a flagged one still waits.</summary>
public abstract class ListingAutoApproveTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task A_clean_submission_is_published_at_once_and_a_flagged_one_waits_for_an_operator()
    {
        var seller = await server.SellerAsync();
        var clean = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot()));
        var flagged = await seller.DraftAsync(MarketplaceTestApi.Listing(MarketplaceTestApi.NewSpot(), description: "需要的加微信详聊"));

        Assert.Equal("active", (await (await seller.Client.PostAsync($"/api/v1/listings/{clean.Id}/submit")).ReadAs<ListingDto>()).Status);
        Assert.Equal("pending-review", (await (await seller.Client.PostAsync($"/api/v1/listings/{flagged.Id}/submit")).ReadAs<ListingDto>()).Status);
        using var admin = await server.AdminClientAsync();
        var history = (await (await admin.GetAsync($"/api/v1/admin/marketplace/listings/{clean.Id}")).ReadAs<ListingDetailDto>()).History;
        Assert.Equal([("submit", "seller"), ("approve", "system")], history.Select(h => (h.Trigger, h.Actor)));
        await (await server.Client.GetAsync($"/api/v1/listings/{flagged.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class AutoApproveSqliteServer : SqliteServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Marketplace:AutoApproveClean=true"];
}

public sealed class AutoApprovePostgresServer : PostgresServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Marketplace:AutoApproveClean=true"];
}

public sealed class ListingAutoApproveTestsOnSqlite(AutoApproveSqliteServer server) : ListingAutoApproveTests<AutoApproveSqliteServer>(server);

public sealed class ListingAutoApproveTestsOnPostgres(AutoApprovePostgresServer server) : ListingAutoApproveTests<AutoApprovePostgresServer>(server);
