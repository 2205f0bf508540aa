using System.Net;
using System.Net.Http.Json;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Tests.Infrastructure;
using Circula.Tests.Ordering;
using static Circula.Tests.Notifications.NotificationTestApi;

namespace Circula.Tests.Notifications;

public abstract class RobotTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : NotificationServer
{
    private RobotPeer Peer => server.Robots;

    [Fact]
    public async Task A_placed_order_reaches_wecom_feishu_and_dingtalk_robots_in_their_formats_and_signed()
    {
        using var admin = await server.AdminClientAsync();
        var wecomKey = Peer.AddRobot();
        var feishuToken = Peer.AddRobot("feishu-signing-secret");
        var dingTalkToken = Peer.AddRobot("SECdingtalk-signing-secret");
        var feishuPost = Peer.AddRobot();
        var wecom = await admin.CreateRobotAsync("wecom", Peer.WeComUrl(wecomKey), null, "markdown", "order.placed.v1");
        var feishu = await admin.CreateRobotAsync("feishu", Peer.FeishuUrl(feishuToken), "feishu-signing-secret", "card", "order.placed.v1");
        await admin.CreateRobotAsync("dingtalk", Peer.DingTalkUrl(dingTalkToken), "SECdingtalk-signing-secret", null, "order.placed.v1");
        await admin.CreateRobotAsync("feishu", Peer.FeishuUrl(feishuPost), null, "post", "order.placed.v1");

        var sku = await server.CreateSkuAsync(stock: 5, priceFen: 12345);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku, quantity: 2);

        await server.EventuallyAsync(() => Task.FromResult(new[] { wecomKey, feishuToken, dingTalkToken, feishuPost }.All(r => Peer.For(r).Count == 1)));
        foreach (var message in new[] { wecomKey, feishuToken, dingTalkToken, feishuPost }.Select(r => Peer.For(r).Single()))
        {
            Assert.Contains("新订单", message.Text, StringComparison.Ordinal);
            Assert.Contains(order.Number, message.Text, StringComparison.Ordinal);
            Assert.Contains("¥246.90", message.Text, StringComparison.Ordinal);
        }

        Assert.Equal(("markdown", "interactive", "markdown", "post"),
            (Peer.For(wecomKey)[0].Format, Peer.For(feishuToken)[0].Format, Peer.For(dingTalkToken)[0].Format, Peer.For(feishuPost)[0].Format));
        var delivered = Assert.Single(await admin.RobotDeliveriesAsync(wecom.Id));
        Assert.Equal(("order.placed.v1", "delivered", 1), (delivered.EventType, delivered.Status, delivered.Attempts));

        // What operators read back: the host, whether there is a secret, never the key, the token or the secret.
        var listed = await (await admin.GetAsync(Robots)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(wecomKey, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(feishuToken, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("signing-secret", listed, StringComparison.Ordinal);
        var shown = await (await admin.GetAsync($"{Robots}/{feishu.Id}")).ReadAs<RobotDto>();
        Assert.Equal((true, new Uri(Peer.BaseUrl).GetLeftPart(UriPartial.Authority), "active"), (shown.HasSecret, shown.UrlHost, shown.Status));
        var stored = await server.Database.ScalarAsync($"SELECT protected_url || coalesce(protected_secret, '') FROM notification_robots WHERE id = {feishu.Id}") as string;
        Assert.DoesNotContain(feishuToken, stored!, StringComparison.Ordinal);
        Assert.DoesNotContain("signing-secret", stored!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_robot_answering_45009_gets_the_message_later_once()
    {
        using var admin = await server.AdminClientAsync();
        var key = Peer.AddRobot();
        Peer.Script(key, 45009);
        var robot = await admin.CreateRobotAsync("wecom", Peer.WeComUrl(key), null, "text", "inventory.low-stock.v1");

        await server.PublishAsync(new LowStock(SkuId.From(424242), 1, 3));

        await server.EventuallyAsync(async () => await server.DeliveriesAsync("robot", robot.Id, "Delivered") == 1, advanceEachPoll: TimeSpan.FromMilliseconds(500));
        Assert.Contains("库存不足提醒", Assert.Single(Peer.For(key)).Text, StringComparison.Ordinal);
        Assert.Equal([45009L, 0L], Peer.Answers.Where(a => a.Robot == key).Select(a => a.Code));
        var delivery = Assert.Single(await admin.RobotDeliveriesAsync(robot.Id));
        Assert.Equal(("delivered", 2), (delivery.Status, delivery.Attempts));
        Assert.Equal(["retry", "delivered"], delivery.AttemptLog.Select(a => a.Outcome));
        Assert.Contains("45009", delivery.AttemptLog[0].Response, StringComparison.Ordinal);
        Assert.True(await DeliveriesCountedAsync("retry") >= 1);
        Assert.True(await DeliveriesCountedAsync("delivered") >= 1);
    }

    private Task<long> DeliveriesCountedAsync(string result) =>
        server.CountedAsync("circula_notifications_deliveries_total", $"result=\"{result}\"", "target=\"robot\"");

    [Fact]
    public async Task Twenty_one_events_to_one_wecom_robot_all_arrive_and_none_faster_than_the_limit()
    {
        using var admin = await server.AdminClientAsync();
        var key = Peer.AddRobot();
        var robot = await admin.CreateRobotAsync("wecom", Peer.WeComUrl(key), null, "markdown", "inventory.low-stock.v1");

        var started = server.Clock.GetUtcNow();
        await server.PublishAsync(Enumerable.Range(1, 21).Select(i => new LowStock(SkuId.From(500_000 + i), i, 50)).ToArray());

        // Twenty go out; the sender then finds the window full and postpones the last one to when a slot frees.
        await server.EventuallyAsync(async () => Peer.For(key).Count >= 20 && Convert.ToInt64(await server.Database.ScalarAsync(
            $"SELECT count(*) FROM notification_deliveries WHERE target_id = {robot.Id} AND status = 'Pending' AND next_attempt_at <> created_at"),
            System.Globalization.CultureInfo.InvariantCulture) == 1, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(20, Peer.For(key).Count);
        Assert.True(await DeliveriesCountedAsync("postponed") >= 1);
        await server.EventuallyAsync(() => Task.FromResult(Peer.For(key).Count == 21), advanceEachPoll: TimeSpan.FromMilliseconds(250), timeout: TimeSpan.FromSeconds(60));

        var messages = Peer.For(key);
        Assert.Equal(21, messages.Select(m => m.Text).Distinct().Count());
        Assert.All(Peer.Answers.Where(a => a.Robot == key), a => Assert.Equal(0, a.Code));
        Assert.True(messages[20].At - messages[0].At >= NotificationServer.RateWindow, "the 21st message came within the window of the first");
        Assert.True(messages[20].At - started < NotificationServer.RateWindow * 3, $"the 21st message waited {messages[20].At - started}, longer than it needed");
    }

    [Fact]
    public async Task A_robot_answering_93000_is_flagged_gets_nothing_more_and_an_edit_restores_it()
    {
        using var admin = await server.AdminClientAsync();
        var robot = await admin.CreateRobotAsync("wecom", Peer.WeComUrl("removed-from-group"), null, null, "inventory.low-stock.v1");

        var test = await (await admin.PostAsync($"{Robots}/{robot.Id}/test", null)).ReadAs<RobotTestDto>();
        Assert.Equal(("RobotInvalid", "93000", 200), (test.Outcome, test.ProviderCode, test.HttpStatus));
        var flagged = await (await admin.GetAsync($"{Robots}/{robot.Id}")).ReadAs<RobotDto>();
        Assert.Equal("flagged", flagged.Status);
        Assert.Contains("93000", flagged.FlagReason, StringComparison.Ordinal);

        await server.FannedOutAsync((await server.PublishAsync(new LowStock(SkuId.From(777), 0, 1))).Single());
        Assert.Empty(await admin.RobotDeliveriesAsync(robot.Id));
        Assert.Single(Peer.Answers, a => a.Robot == "removed-from-group");

        var key = Peer.AddRobot();
        var fixedRobot = await (await admin.PutAsJsonAsync($"{Robots}/{robot.Id}",
            new { name = "修好的群", provider = "wecom", url = Peer.WeComUrl(key), events = new[] { "inventory.low-stock.v1" } })).ReadAs<RobotDto>();
        Assert.Equal(("active", (string?)null), (fixedRobot.Status, fixedRobot.FlagReason));
        var answer = await (await admin.PostAsync($"{Robots}/{robot.Id}/test", null)).ReadAs<RobotTestDto>();
        Assert.Equal(("Delivered", "0"), (answer.Outcome, answer.ProviderCode));
        Assert.Contains("Circula 测试消息", Assert.Single(Peer.For(key)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_signing_secret_is_reported_by_the_test_message_and_flags_the_robot()
    {
        using var admin = await server.AdminClientAsync();
        var token = Peer.AddRobot("SECthe-real-secret");
        var robot = await admin.CreateRobotAsync("dingtalk", Peer.DingTalkUrl(token), "SECa-wrong-secret");

        var answer = await (await admin.PostAsync($"{Robots}/{robot.Id}/test", null)).ReadAs<RobotTestDto>();
        Assert.Equal(("RobotInvalid", "310000"), (answer.Outcome, answer.ProviderCode));
        Assert.Empty(Peer.For(token));

        await (await admin.PutAsJsonAsync($"{Robots}/{robot.Id}", new { name = "钉钉群", provider = "dingtalk", secret = "SECthe-real-secret" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Delivered", (await (await admin.PostAsync($"{Robots}/{robot.Id}/test", null)).ReadAs<RobotTestDto>()).Outcome);
        Assert.Single(Peer.For(token));
    }

    [Fact]
    public async Task Bad_input_unknown_robots_and_missing_permissions_are_refused()
    {
        using var admin = await server.AdminClientAsync();
        var key = Peer.AddRobot();
        var before = (await (await admin.GetAsync(Robots)).ReadAs<List<RobotDto>>()).Count;

        async Task Refused(HttpResponseMessage response, string field) =>
            Assert.True((await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").TryGetProperty(field, out _), field);

        await Refused(await admin.PostRobotAsync("slack", Peer.WeComUrl(key)), "provider");
        await Refused(await admin.PostRobotAsync("wecom", null), "url");
        await Refused(await admin.PostRobotAsync("wecom", "not a url"), "url");
        await Refused(await admin.PostRobotAsync("wecom", "ftp://example.com/cgi-bin/webhook/send?key=1"), "url");
        await Refused(await admin.PostRobotAsync("wecom", Peer.FeishuUrl(key)), "url");
        await Refused(await admin.PostRobotAsync("wecom", Peer.WeComUrl(key), format: "card"), "format");
        await Refused(await admin.PostRobotAsync("wecom", Peer.WeComUrl(key), events: ["order.shipped.v9"]), "events[0]");
        await Refused(await admin.PostRobotAsync("wecom", Peer.WeComUrl(key), name: "  "), "name");
        await Refused(await admin.PostRobotAsync("dingtalk", Peer.DingTalkUrl(key), secret: "no-prefix"), "secret");
        await (await admin.PostRawJsonAsync(Robots, "{\"name\":")).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        await (await admin.PostRawJsonAsync(Robots, "{\"name\":\"x\",\"provider\":\"wecom\",\"url\":\"" + Peer.WeComUrl(key) + "\",\"events\":\"all\"}"))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(before, (await (await admin.GetAsync(Robots)).ReadAs<List<RobotDto>>()).Count);

        await (await admin.GetAsync($"{Robots}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsJsonAsync($"{Robots}/987654321", new { name = "x", provider = "wecom" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.DeleteAsync($"{Robots}/987654321")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PostAsync($"{Robots}/987654321/test", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"{Robots}/987654321/deliveries")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");

        var robot = await admin.CreateRobotAsync("wecom", Peer.WeComUrl(key));
        await Refused(await admin.PutAsJsonAsync($"{Robots}/{robot.Id}", new { name = "x", provider = "feishu" }), "url");
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync(Robots)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.PostRobotAsync("wecom", Peer.WeComUrl(key))).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await customer.Client.PostAsync($"{Robots}/{robot.Id}/test", null)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(Robots)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(Peer.For(key));

        await (await admin.DeleteAsync($"{Robots}/{robot.Id}")).ShouldBe(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"{Robots}/{robot.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_catalog_offers_exactly_what_robot_registration_accepts()
    {
        using var admin = await server.AdminClientAsync();
        var catalog = await (await admin.GetAsync(CatalogPath)).ReadAs<CatalogDto>();

        Assert.Equal(["dingtalk", "feishu", "wecom"], catalog.Providers.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["markdown", "text"], catalog.Providers.Single(p => p.Name == "wecom").Formats);
        Assert.Equal(20, catalog.Providers.Single(p => p.Name == "wecom").MessagesPerWindow);
        Assert.Contains("order.placed.v1", catalog.EventTypes);
        // Every event type and format it lists is accepted by registration.
        var key = Peer.AddRobot();
        foreach (var format in catalog.Providers.Single(p => p.Name == "wecom").Formats)
        {
            await (await admin.PostRobotAsync("wecom", Peer.WeComUrl(key), format: format, events: [.. catalog.EventTypes])).ShouldBe(HttpStatusCode.Created);
        }

        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.GetAsync(CatalogPath)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(CatalogPath)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}

public sealed class RobotTestsOnSqlite(NotificationSqliteServer server) : RobotTests<NotificationSqliteServer>(server);

public sealed class RobotTestsOnPostgres(NotificationPostgresServer server) : RobotTests<NotificationPostgresServer>(server);
