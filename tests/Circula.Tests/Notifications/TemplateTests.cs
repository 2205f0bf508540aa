using System.Net;
using System.Net.Http.Json;
using Circula.Catalog.Contracts;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Notifications;

public sealed record TemplateVariableDto(string Name, string Meaning);

public sealed record TemplateLineDto(string Label, string Value);

public sealed record TemplateDto(string EventType, string Title, List<TemplateLineDto> Lines, List<TemplateVariableDto> Variables, bool Edited);

public sealed record TemplatePreviewDto(string Title, List<TemplateLineDto> Lines, string Text, string Markdown);

public abstract class TemplateTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : NotificationServer
{
    private const string Templates = "/api/v1/admin/notification-templates";
    private const string LowStockTemplate = Templates + "/inventory.low-stock.v1";

    private RobotPeer Peer => server.Robots;

    [Fact]
    public async Task An_edited_template_is_previewed_without_sending_then_used_for_deliveries_and_a_reset_restores_the_default()
    {
        using var admin = await server.AdminClientAsync();
        var key = Peer.AddRobot();
        await admin.CreateRobotAsync("wecom", Peer.WeComUrl(key), null, "text", "inventory.low-stock.v1");

        var all = await (await admin.GetAsync(Templates)).ReadAs<List<TemplateDto>>();
        var lowStock = Assert.Single(all, t => t.EventType == "inventory.low-stock.v1");
        Assert.Equal(("库存不足提醒", false), (lowStock.Title, lowStock.Edited));
        Assert.Equal(["skuId", "available", "threshold"], lowStock.Variables.Select(v => v.Name));
        Assert.Contains(all, t => t.EventType == "order.status-changed.v1" && t.Title == "{headline}");

        var draft = new { title = "缺货预警 SKU {skuId}", lines = new[] { new { label = "剩余", value = "{available} 件，阈值 {threshold}" } } };
        var preview = await (await admin.PostAsJsonAsync($"{LowStockTemplate}/preview", draft)).ReadAs<TemplatePreviewDto>();
        Assert.Equal("缺货预警 SKU 101", preview.Title);
        Assert.Equal("缺货预警 SKU 101\n剩余：2 件，阈值 5", preview.Text);
        Assert.Equal("**缺货预警 SKU 101**\n> 剩余：2 件，阈值 5", preview.Markdown);
        var current = await (await admin.PostAsync($"{LowStockTemplate}/preview", null)).ReadAs<TemplatePreviewDto>();
        Assert.Equal("库存不足提醒", current.Title);
        Assert.False((await (await admin.GetAsync(LowStockTemplate)).ReadAs<TemplateDto>()).Edited);
        Assert.Empty(Peer.For(key));

        var saved = await (await admin.PutAsJsonAsync(LowStockTemplate, draft)).ReadAs<TemplateDto>();
        Assert.Equal((true, "缺货预警 SKU {skuId}"), (saved.Edited, saved.Title));
        await server.PublishAsync(new LowStock(SkuId.From(9001), 3, 10));
        await server.EventuallyAsync(() => Task.FromResult(Peer.For(key).Count == 1));
        Assert.Equal("缺货预警 SKU 9001\n剩余：3 件，阈值 10", Peer.For(key)[0].Text);

        var reset = await (await admin.DeleteAsync(LowStockTemplate)).ReadAs<TemplateDto>();
        Assert.Equal((false, "库存不足提醒"), (reset.Edited, reset.Title));
        await server.PublishAsync(new LowStock(SkuId.From(9002), 1, 10));
        await server.EventuallyAsync(() => Task.FromResult(Peer.For(key).Count == 2));
        Assert.StartsWith("库存不足提醒", Peer.For(key)[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_templates_are_refused_with_field_errors()
    {
        using var admin = await server.AdminClientAsync();
        async Task<System.Text.Json.JsonElement> Refused(HttpResponseMessage response) =>
            (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors");

        var unknown = await Refused(await admin.PutAsJsonAsync(LowStockTemplate, new { title = "缺货 {sku}", lines = new[] { new { label = "a", value = "{available}" } } }));
        Assert.Contains("{skuId}", unknown.GetProperty("title")[0].GetString(), StringComparison.Ordinal);
        Assert.True((await Refused(await admin.PutAsJsonAsync(LowStockTemplate, new { title = "缺货", lines = Array.Empty<object>() }))).TryGetProperty("lines", out _));
        Assert.True((await Refused(await admin.PutAsJsonAsync(LowStockTemplate, new { title = "缺货\n换行", lines = new[] { new { label = "a", value = "b}" } } })))
            .TryGetProperty("lines[0].value", out _));
        Assert.True((await Refused(await admin.PostAsJsonAsync($"{LowStockTemplate}/preview", new { title = "", lines = new[] { new { label = "a", value = "b" } } })))
            .TryGetProperty("title", out _));
        Assert.True((await Refused(await admin.PutAsJsonAsync(LowStockTemplate, new { title = new string('长', 101), lines = new[] { new { label = "a", value = "b" } } })))
            .TryGetProperty("title", out _));
        await (await admin.PutAsJsonAsync($"{Templates}/order.teleported.v1", new { title = "x", lines = new[] { new { label = "a", value = "b" } } }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PostAsync($"{Templates}/order.teleported.v1/preview", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"{Templates}/order.teleported.v1")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsync(LowStockTemplate, new StringContent("{\"title\":", System.Text.Encoding.UTF8, "application/json"))).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        var customer = await server.CreateUserAsync(Roles.Customer);
        await (await customer.Client.PutAsJsonAsync(LowStockTemplate, new { title = "x", lines = new[] { new { label = "a", value = "b" } } }))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.False((await (await admin.GetAsync(LowStockTemplate)).ReadAs<TemplateDto>()).Edited);
    }

    [Fact]
    public async Task Operators_saving_the_same_template_at_once_all_succeed_and_one_version_is_kept()
    {
        using var admin = await server.AdminClientAsync();
        var titles = Enumerable.Range(1, 8).Select(i => $"新订单 {{number}} 第{i}版").ToList();
        var answers = await Task.WhenAll(titles.Select(title =>
            admin.PutAsJsonAsync($"{Templates}/order.placed.v1", new { title, lines = new[] { new { label = "金额", value = "{amount}" } } })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync("SELECT count(*) FROM notification_templates WHERE event_type = 'order.placed.v1'"),
            System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains((await (await admin.GetAsync($"{Templates}/order.placed.v1")).ReadAs<TemplateDto>()).Title, titles);
    }
}

public sealed class TemplateTestsOnSqlite(NotificationSqliteServer server) : TemplateTests<NotificationSqliteServer>(server);

public sealed class TemplateTestsOnPostgres(NotificationPostgresServer server) : TemplateTests<NotificationPostgresServer>(server);
