using System.Net;
using Circula.Tests.Identity;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Recycling;

/// <summary>
/// A server without WeChat Pay (no merchant, no sandbox): the WeChat transfer is a payout method it has but is not
/// configured for, so completing with it is 503 payout_provider_disabled and nothing is settled, cash still works, and
/// the transfer notify endpoint answers WeChat Pay's FAIL.
/// </summary>
public abstract class DisabledTransferPayoutTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Fact]
    public async Task Completing_with_a_disabled_transfer_is_503_and_cash_still_pays()
    {
        var customer = await server.WeChatCustomerAsync();
        var (collector, booked) = await server.WeighedPickupAsync(customer);

        await (await collector.TaskAsync(booked, "complete", new { payoutMethod = "wechat-transfer" }))
            .ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "payout_provider_disabled");
        await (await customer.Client.GetAsync($"/api/v1/recycling/appointments/{booked.Id}/payout")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("completed", (await (await collector.TaskAsync(booked, "complete", new { payoutMethod = "cash", paidFen = 742 })).ReadAs<AppointmentDto>()).Status);
        await server.EventuallyAsync(async () => (await customer.PayoutAsync(booked)).Status == "paid");

        var (header, body) = (new Func<string, string?>(_ => null), "{}"u8.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.PostTransferNotificationAsync(header, body)).StatusCode);
    }
}

public sealed class DisabledTransferPayoutTestsOnSqlite(SqliteServerWithWeChatPeer server) : DisabledTransferPayoutTests<SqliteServerWithWeChatPeer>(server);

public sealed class DisabledTransferPayoutTestsOnPostgres(PostgresServerWithWeChatPeer server) : DisabledTransferPayoutTests<PostgresServerWithWeChatPeer>(server);
