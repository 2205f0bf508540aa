using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Notifications.Outbound;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Notifications;

public sealed record WebhookDto(long Id, string Name, string UrlHost, List<string> Events, string Status, int FailureStreak);

public abstract class WebhookTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : NotificationServer
{
    private const string Webhooks = "/api/v1/admin/webhooks";
    private const string Secret = "whsec-0123456789abcdef";

    private WebhookReceiver Receiver => server.Receiver;

    [Fact]
    public async Task A_receiver_failing_three_times_then_succeeding_gets_one_delivery_of_four_attempts_signed_as_documented()
    {
        using var admin = await server.AdminClientAsync();
        var url = Receiver.NewEndpoint(failures: 3);
        var webhook = await (await admin.PostAsJsonAsync(Webhooks, new { name = "ERP", url, secret = Secret, events = new[] { "inventory.low-stock.v1" } }))
            .ReadAs<WebhookDto>(HttpStatusCode.Created);
        Assert.DoesNotContain(Secret, await (await admin.GetAsync(Webhooks)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var eventId = (await server.PublishAsync(new LowStock(SkuId.From(31337), 2, 5))).Single();

        await server.EventuallyAsync(async () => await server.DeliveriesAsync("webhook", webhook.Id, "Delivered") == 1, advanceEachPoll: TimeSpan.FromSeconds(1));
        var received = Receiver.For(url);
        Assert.Equal(4, received.Count);
        Assert.All(received, r => Assert.Equal((eventId.ToString(System.Globalization.CultureInfo.InvariantCulture), "inventory.low-stock.v1"), (r.EventId, r.EventType)));
        Assert.All(received, r => Assert.True(DocumentedSignatureCheck.IsValidCirculaSignature(Secret, r.Timestamp, r.Body, r.Signature, server.Clock.GetUtcNow())));
        var last = received[^1];
        Assert.False(DocumentedSignatureCheck.IsValidCirculaSignature(Secret, last.Timestamp, last.Body.Replace("31337", "31338", StringComparison.Ordinal), last.Signature, server.Clock.GetUtcNow()));
        Assert.False(DocumentedSignatureCheck.IsValidCirculaSignature("another-secret-of-16", last.Timestamp, last.Body, last.Signature, server.Clock.GetUtcNow()));
        Assert.False(DocumentedSignatureCheck.IsValidCirculaSignature(Secret, last.Timestamp, last.Body, last.Signature, server.Clock.GetUtcNow().AddMinutes(6)));
        var body = JsonDocument.Parse(last.Body).RootElement;
        Assert.Equal(("inventory.low-stock.v1", "31337", 2), (body.GetProperty("type").GetString(), body.GetProperty("data").GetProperty("skuId").GetString(),
            body.GetProperty("data").GetProperty("available").GetInt32()));

        var delivery = Assert.Single(await (await admin.GetAsync($"{Webhooks}/{webhook.Id}/deliveries")).ReadAs<List<DeliveryDto>>());
        Assert.Equal(("delivered", 4), (delivery.Status, delivery.Attempts));
        Assert.Equal([500, 500, 500, 200], delivery.AttemptLog.Select(a => a.HttpStatus ?? 0));
        Assert.Equal(["retry", "retry", "retry", "delivered"], delivery.AttemptLog.Select(a => a.Outcome));

        // A replay sends the same event id again.
        await (await admin.PostAsync($"{Webhooks}/{webhook.Id}/deliveries/{delivery.Id}/replay", null)).ShouldBe(HttpStatusCode.NoContent);
        await server.EventuallyAsync(() => Task.FromResult(Receiver.For(url).Count == 5));
        Assert.Equal(delivery.EventId, Receiver.For(url)[^1].EventId);
    }

    [Fact]
    public async Task A_webhook_whose_deliveries_keep_failing_is_disabled_with_an_event_saying_so_and_enabling_it_resumes()
    {
        using var admin = await server.AdminClientAsync();
        var alarm = Receiver.NewEndpoint();
        await (await admin.PostAsJsonAsync(Webhooks, new { name = "运维告警", url = alarm, secret = Secret, events = new[] { "notifications.webhook-disabled.v1" } }))
            .ShouldBe(HttpStatusCode.Created);
        var broken = Receiver.NewEndpoint(failures: int.MaxValue);
        var webhook = await (await admin.PostAsJsonAsync(Webhooks, new { name = "坏掉的 ERP", url = broken, secret = Secret, events = new[] { "inventory.low-stock.v1" } }))
            .ReadAs<WebhookDto>(HttpStatusCode.Created);

        await server.PublishAsync(Enumerable.Range(1, NotificationServer.WebhookDisableAfter).Select(i => new LowStock(SkuId.From(6000 + i), 0, 1)).ToArray());

        await server.EventuallyAsync(async () => (await (await admin.GetAsync($"{Webhooks}/{webhook.Id}")).ReadAs<WebhookDto>()).Status == "disabled",
            advanceEachPoll: TimeSpan.FromSeconds(4), timeout: TimeSpan.FromSeconds(60));
        var disabled = await (await admin.GetAsync($"{Webhooks}/{webhook.Id}")).ReadAs<WebhookDto>();
        Assert.Equal(NotificationServer.WebhookDisableAfter, disabled.FailureStreak);
        Assert.Equal(NotificationServer.WebhookDisableAfter * NotificationServer.MaxAttempts, Receiver.For(broken).Count);
        Assert.All(await (await admin.GetAsync($"{Webhooks}/{webhook.Id}/deliveries")).ReadAs<List<DeliveryDto>>(),
            d => Assert.Equal(("failed", NotificationServer.MaxAttempts), (d.Status, d.Attempts)));

        // The event saying so reaches whoever subscribed to it, once.
        await server.EventuallyAsync(() => Task.FromResult(Receiver.For(alarm).Count == 1));
        var said = JsonDocument.Parse(Receiver.For(alarm)[0].Body).RootElement;
        Assert.Equal("notifications.webhook-disabled.v1", said.GetProperty("type").GetString());
        Assert.Equal((webhook.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), NotificationServer.WebhookDisableAfter),
            (said.GetProperty("data").GetProperty("webhookId").ToString(), said.GetProperty("data").GetProperty("failedDeliveries").GetInt32()));

        // Disabled: a new event is not even queued for it.
        await server.FannedOutAsync((await server.PublishAsync(new LowStock(SkuId.From(6100), 0, 1))).Single());
        Assert.Equal(NotificationServer.WebhookDisableAfter, await server.DeliveriesAsync("webhook", webhook.Id, "Failed"));
        Assert.Equal(0, await server.DeliveriesAsync("webhook", webhook.Id, "Pending"));

        var enabled = await (await admin.PutAsJsonAsync($"{Webhooks}/{webhook.Id}", new { name = "坏掉的 ERP", events = new[] { "inventory.low-stock.v1" }, enabled = true }))
            .ReadAs<WebhookDto>();
        Assert.Equal(("active", 0), (enabled.Status, enabled.FailureStreak));
        await server.FannedOutAsync((await server.PublishAsync(new LowStock(SkuId.From(6101), 0, 1))).Single());
        Assert.Equal(NotificationServer.WebhookDisableAfter + 1L, Convert.ToInt64(
            await server.Database.ScalarAsync($"SELECT count(*) FROM notification_deliveries WHERE target_kind = 'webhook' AND target_id = {webhook.Id}"),
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_disabled_webhook_gets_nothing_and_bad_input_is_refused()
    {
        using var admin = await server.AdminClientAsync();
        var url = Receiver.NewEndpoint();
        var webhook = await (await admin.PostAsJsonAsync(Webhooks, new { name = "关掉的", url, secret = Secret, enabled = false })).ReadAs<WebhookDto>(HttpStatusCode.Created);
        Assert.Equal("disabled", webhook.Status);
        await server.FannedOutAsync((await server.PublishAsync(new LowStock(SkuId.From(4040), 0, 1))).Single());
        Assert.Equal(0, await server.DeliveriesAsync("webhook", webhook.Id, "Pending") + await server.DeliveriesAsync("webhook", webhook.Id, "Delivered"));
        Assert.Empty(Receiver.For(url));

        async Task Refused(object body, string field) =>
            Assert.True((await (await admin.PostAsJsonAsync(Webhooks, body)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed"))
                .GetProperty("errors").TryGetProperty(field, out _), field);

        await Refused(new { name = "x", url, secret = "short" }, "secret");
        await Refused(new { name = "x", url }, "secret");
        await Refused(new { name = "x", secret = Secret }, "url");
        await Refused(new { name = "x", url = "file:///etc/passwd", secret = Secret }, "url");
        await Refused(new { name = "x", url = "http://user:pw@example.com/", secret = Secret }, "url");
        await Refused(new { name = "x", url, secret = Secret, events = new[] { "order.teleported.v1" } }, "events[0]");
        await Refused(new { name = "", url, secret = Secret }, "name");
        await (await admin.PostRawJsonAsync(Webhooks, "{\"name\":\"x\",\"enabled\":\"yes\"}")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.GetAsync($"{Webhooks}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsJsonAsync($"{Webhooks}/987654321", new { name = "x" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PostAsync($"{Webhooks}/{webhook.Id}/deliveries/987654321/replay", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.PostAsJsonAsync(Webhooks, new { name = "x", url, secret = Secret })).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.GetAsync($"{Webhooks}/{webhook.Id}/deliveries")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Single((await (await admin.GetAsync(Webhooks)).ReadAs<List<WebhookDto>>()), w => w.Id == webhook.Id);
    }
}

public sealed class WebhookTestsOnSqlite(NotificationSqliteServer server) : WebhookTests<NotificationSqliteServer>(server);

public sealed class WebhookTestsOnPostgres(NotificationPostgresServer server) : WebhookTests<NotificationPostgresServer>(server);

/// <summary>Without the switch, robots and webhooks cannot target loopback, private or link-local addresses: not when registered, not when connecting.</summary>
public abstract class SsrfGuardTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.8/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[::ffff:192.168.1.1]/hook")]
    public async Task Private_targets_are_refused_at_registration(string url)
    {
        using var admin = await server.AdminClientAsync();
        var webhook = await (await admin.PostAsJsonAsync("/api/v1/admin/webhooks", new { name = "内网", url, secret = "whsec-0123456789abcdef" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("public", webhook.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        await (await admin.PostAsJsonAsync("/api/v1/admin/robots", new { name = "内网", provider = "wecom", url = url + "/cgi-bin/webhook/send?key=k" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task A_connection_to_loopback_is_refused_when_dialled()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var answer = await server.WithScopeAsync(sp => sp.GetRequiredService<OutboundHttp>().PostJsonAsync(receiver.NewEndpoint(), "{}", [], CancellationToken.None));
        Assert.False(answer.Reached);
        Assert.Contains("no public address", answer.Body, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }
}

public sealed class SsrfGuardTestsOnSqlite(SqliteServer server) : SsrfGuardTests<SqliteServer>(server);

public sealed class SsrfGuardTestsOnPostgres(PostgresServer server) : SsrfGuardTests<PostgresServer>(server);
