using System.Net;
using System.Net.Http.Json;
using Circula.Catalog.Contracts;
using Circula.Inventory.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Notifications;

/// <summary>The test's own server only writes events: every delivery is made by the server processes it starts.</summary>
public sealed class NotificationPostgresServerWithoutWorkers : NotificationServer
{
    public override Circula.Data.DatabaseProvider Provider => Circula.Data.DatabaseProvider.Postgres;

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, "Circula:Workers:Enabled=false"];
}

/// <summary>A server process killed in the middle of a delivery: its claims expire and another process delivers everything.</summary>
public sealed class DeliveryFailoverTests(NotificationPostgresServerWithoutWorkers server) : IClassFixture<NotificationPostgresServerWithoutWorkers>
{
    private static readonly string[] ProcessSettings =
    [
        "Notifications:AllowPrivateTargets=true",
        "Notifications:BaseBackoff=00:00:01",
        // The held call outlasts the test; only the kill ends it.
        "Notifications:Timeout=00:05:00",
        "Workers:ClaimTimeout=00:00:03",
    ];

    [Fact]
    public async Task A_process_killed_mid_delivery_leaves_nothing_undelivered_and_every_subscriber_gets_the_same_event_id()
    {
        using var admin = await server.AdminClientAsync();
        var stuck = server.Receiver.NewHoldingEndpoint(out var stuckArrived);
        var other = server.Receiver.NewEndpoint();
        var key = server.Robots.AddRobot();
        await admin.CreateRobotAsync("wecom", server.Robots.WeComUrl(key), null, "text", "inventory.low-stock.v1");
        foreach (var url in new[] { stuck, other })
        {
            await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks",
                new { name = "ERP", url, secret = "whsec-0123456789abcdef", events = new[] { "inventory.low-stock.v1" } })).ShouldBe(HttpStatusCode.Created);
        }

        var first = await ServerProcess.StartAsync(server, ProcessSettings);
        var eventId = (await server.PublishAsync(new LowStock(SkuId.From(808080), 1, 5))).Single().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await stuckArrived.WaitAsync(TimeSpan.FromSeconds(60));
        await first.DisposeAsync();

        await using var second = await ServerProcess.StartAsync(server, ProcessSettings);
        await server.EventuallyAsync(() => Task.FromResult(server.Receiver.For(stuck).Count >= 2 && server.Receiver.For(other).Count >= 1 && server.Robots.For(key).Count >= 1),
            timeout: TimeSpan.FromSeconds(90));

        Assert.All(server.Receiver.For(stuck).Concat(server.Receiver.For(other)), r => Assert.Equal(eventId, r.EventId));
        Assert.Contains("808080", server.Robots.For(key)[0].Text, StringComparison.Ordinal);
        await server.EventuallyAsync(async () => Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT count(*) FROM notification_deliveries WHERE event_id = {eventId} AND status = 'Delivered'"), System.Globalization.CultureInfo.InvariantCulture) == 3);
    }
}
