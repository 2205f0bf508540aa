using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Data;
using Circula.Identity;
using Circula.Identity.Contracts;
using Circula.Identity.Endpoints;
using Circula.Notifications.SubscribeMessages;
using Circula.Ordering.Contracts;
using Circula.Shared.StateMachines;
using Circula.Tests.Identity;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Notifications;

public sealed record SubscribeTemplateDto(string Notice, string Title, string EventType, List<TemplateVariableDto> Variables, string? TemplateId, string? Page,
    Dictionary<string, string> Fields);

public sealed record CreditDto(string TemplateId, int Credits);

public sealed record SubscribeOfferDto(string Notice, string Title, string TemplateId);

public sealed record MySubscribeMessagesDto(List<SubscribeOfferDto> Templates, List<CreditDto> Credits);

/// <summary>A notifications server whose mini program is the <see cref="WeChatPeer"/> (sign-in, access token, subscribe messages).</summary>
public abstract class SubscribeMessageServer : NotificationServer, IHasWeChatPeer
{
    public WeChatPeer Peer { get; } = new();

    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, .. Peer.ServerSettings];

    protected override async Task StartDependenciesAsync()
    {
        await base.StartDependenciesAsync();
        await Peer.StartAsync();
    }

    protected override async ValueTask StopDependenciesAsync()
    {
        await base.StopDependenciesAsync();
        await Peer.DisposeAsync();
    }
}

public sealed class SubscribeMessageSqliteServer : SubscribeMessageServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class SubscribeMessagePostgresServer : SubscribeMessageServer
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

public abstract class SubscribeMessageTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : SubscribeMessageServer
{
    private const string Admin = "/api/v1/admin/subscribe-templates";
    private const string Mine = "/api/v1/me/subscribe-messages";
    private const string LongText = "您的订单已经从杭州仓库发出，快递正在路上，请留意查收";

    private WeChatPeer Peer => server.Peer;

    private static object ShippedMapping => new
    {
        templateId = WeChatPeer.ShippedTemplate,
        page = "pages/orders/detail?number={number}",
        fields = new Dictionary<string, string> { ["character_string1"] = "{number}", ["time2"] = "{time}", ["thing3"] = LongText },
    };

    private async Task MapShippedAsync()
    {
        using var admin = await server.AdminClientAsync();
        await (await admin.PutAsJsonAsync($"{Admin}/order.shipped", ShippedMapping)).ReadAs<SubscribeTemplateDto>();
    }

    /// <summary>A customer signed in through the mini program: their API client, user id and openid.</summary>
    private async Task<(HttpClient Client, long Id, string OpenId)> WeChatCustomerAsync()
    {
        var code = "sub" + Guid.NewGuid().ToString("N")[..10];
        var tokens = await (await server.Client.PostAsJsonAsync("/api/v1/auth/wechat", new { code })).ReadAs<TokenResponse>();
        var client = server.CreateClient(tokens.AccessToken);
        var me = await (await client.GetAsync("/api/v1/me")).ReadAs<MeResponse>();
        return (client, me.Id, WeChatPeer.OpenIdFor(code));
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient customer, string templateId = WeChatPeer.ShippedTemplate, string answer = "accept") =>
        customer.PostAsJsonAsync(Mine, new { results = new Dictionary<string, string> { [templateId] = answer } });

    private async Task<long> ShipAsync(long customerId, string number)
    {
        var ids = await server.PublishAsync(new OrderStatusChanged(OrderId.From(Random.Shared.NextInt64(1, long.MaxValue)), number, UserId.From(customerId),
            OrderStatus.Paid, OrderStatus.Shipped, Actor.Operator, null));
        await server.FannedOutAsync(ids[0]);
        return ids[0];
    }

    private async Task<JsonElement> DeliveryOfAsync(long eventId)
    {
        await server.EventuallyAsync(async () => await server.Database.ScalarAsync(
            $"SELECT status FROM notification_deliveries WHERE event_id = {eventId} AND target_kind = 'customer'") as string is "Delivered" or "Failed");
        var row = await server.Database.ScalarAsync(
            $"SELECT status || '|' || attempts || '|' || COALESCE(last_result, '') FROM notification_deliveries WHERE event_id = {eventId} AND target_kind = 'customer'");
        var parts = ((string)row!).Split('|', 3);
        return JsonSerializer.SerializeToElement(new { status = parts[0], attempts = int.Parse(parts[1], CultureInfo.InvariantCulture), result = parts[2] });
    }

    [Fact]
    public async Task An_accepted_subscription_gets_one_order_shipped_message_with_wechat_field_limits_kept_and_is_then_used_up()
    {
        await MapShippedAsync();
        var (customer, id, openId) = await WeChatCustomerAsync();
        var offered = await (await customer.GetAsync(Mine)).ReadAs<MySubscribeMessagesDto>();
        Assert.Contains(offered.Templates, t => t.Notice == "order.shipped" && t.TemplateId == WeChatPeer.ShippedTemplate);
        var accepted = await (await AcceptAsync(customer)).ReadAs<MySubscribeMessagesDto>();
        Assert.Equal([new CreditDto(WeChatPeer.ShippedTemplate, 1)], accepted.Credits);

        var number = "C" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
        var first = await DeliveryOfAsync(await ShipAsync(id, number));
        Assert.Equal("Delivered", first.GetProperty("status").GetString());

        var sent = Assert.Single(Peer.SubscribeMessages, m => m.GetProperty("touser").GetString() == openId);
        Assert.Equal(WeChatPeer.ShippedTemplate, sent.GetProperty("template_id").GetString());
        Assert.Equal($"pages/orders/detail?number={number}", sent.GetProperty("page").GetString());
        var data = sent.GetProperty("data");
        Assert.Equal(number, data.GetProperty("character_string1").GetProperty("value").GetString());
        Assert.Equal(LongText[..19] + "…", data.GetProperty("thing3").GetProperty("value").GetString());
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", data.GetProperty("time2").GetProperty("value").GetString());
        Assert.Equal(0, Assert.Single((await (await customer.GetAsync(Mine)).ReadAs<MySubscribeMessagesDto>()).Credits).Credits);

        // The one-time subscription is used up: the next shipment is recorded as not sent, and WeChat is not called.
        var second = await DeliveryOfAsync(await ShipAsync(id, number + "2"));
        Assert.Equal(("Failed", 0), (second.GetProperty("status").GetString(), second.GetProperty("attempts").GetInt32()));
        Assert.StartsWith("Not sent: the customer has no subscription", second.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Single(Peer.SubscribeMessages, m => m.GetProperty("touser").GetString() == openId);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains(WeChatPeer.AppSecret, StringComparison.Ordinal)
            || e.Message.Contains("peer_access_token_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_customer_who_refused_is_recorded_as_not_sent_once_not_retried_and_their_credits_are_void()
    {
        await MapShippedAsync();
        var (customer, id, openId) = await WeChatCustomerAsync();
        await (await AcceptAsync(customer)).ReadAs<MySubscribeMessagesDto>();
        await (await AcceptAsync(customer)).ReadAs<MySubscribeMessagesDto>();
        Peer.Refusing[openId] = true;

        var delivery = await DeliveryOfAsync(await ShipAsync(id, "C43101"));
        Assert.Equal(("Failed", 1), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.Contains("43101", delivery.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Assert.Single((await (await customer.GetAsync(Mine)).ReadAs<MySubscribeMessagesDto>()).Credits).Credits);
    }

    [Fact]
    public async Task A_token_wechat_invalidated_is_replaced_once_and_the_message_still_arrives()
    {
        await MapShippedAsync();
        var (customer, id, openId) = await WeChatCustomerAsync();
        await (await AcceptAsync(customer)).ReadAs<MySubscribeMessagesDto>();
        await server.WithScopeAsync(sp => sp.GetRequiredService<MiniProgramTokens>().GetAsync(null, CancellationToken.None));
        Peer.InvalidateToken();
        var fetches = Peer.TokenFetches;

        var delivery = await DeliveryOfAsync(await ShipAsync(id, "C40001"));
        Assert.Equal(("Delivered", 1), (delivery.GetProperty("status").GetString(), delivery.GetProperty("attempts").GetInt32()));
        Assert.Single(Peer.SubscribeMessages, m => m.GetProperty("touser").GetString() == openId);
        Assert.Equal(fetches + 1, Peer.TokenFetches);
    }

    [Fact]
    public async Task Two_replicas_needing_a_token_at_once_fetch_it_once_and_share_it_through_the_database()
    {
        await server.Database.ScalarAsync("UPDATE mini_program_tokens SET protected_token = NULL, expires_at = NULL, version = version + 1");
        Peer.InvalidateToken();
        var fetches = Peer.TokenFetches;
        await using var replica = await server.StartReplicaAsync();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var scope = (i % 2 == 0 ? server.Services : replica.Services).CreateScope();
            var token = await scope.ServiceProvider.GetRequiredService<MiniProgramTokens>().GetAsync(null, CancellationToken.None);
            Assert.True(token.IsSuccess, token.Error?.Detail);
            return token.Value!;
        })));

        Assert.Single(tokens.Distinct());
        Assert.Equal(fetches + 1, Peer.TokenFetches);
        var stored = (string)(await server.Database.ScalarAsync("SELECT protected_token FROM mini_program_tokens WHERE id = 1"))!;
        Assert.DoesNotContain("peer_access_token_", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parallel_acceptances_all_count()
    {
        await MapShippedAsync();
        var (customer, _, _) = await WeChatCustomerAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => AcceptAsync(customer)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(10, Assert.Single((await (await customer.GetAsync(Mine)).ReadAs<MySubscribeMessagesDto>()).Credits).Credits);
    }

    [Fact]
    public async Task Mappings_are_validated_previewed_and_guarded()
    {
        using var admin = await server.AdminClientAsync();
        var list = await (await admin.GetAsync(Admin)).ReadAs<List<SubscribeTemplateDto>>();
        Assert.Equal(["order.paid", "order.shipped", "order.refunded"], list.Select(t => t.Notice));
        Assert.Contains(list[0].Variables, v => v.Name == "time");

        var bad = await (await admin.PutAsJsonAsync($"{Admin}/order.paid", new
        {
            templateId = "bad id!",
            page = "https://evil.example/x",
            fields = new Dictionary<string, string> { ["title"] = "x", ["thing1"] = "{nope}" },
        })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var errors = bad.GetProperty("errors");
        foreach (var field in new[] { "templateId", "page", "fields.title", "fields.thing1" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        await (await admin.PutAsJsonAsync($"{Admin}/order.paid", new { templateId = "t1" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PutAsJsonAsync($"{Admin}/pickup.tomorrow", ShippedMapping)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await admin.PutAsync($"{Admin}/order.paid", new StringContent("{", System.Text.Encoding.UTF8, "application/json")))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");

        var preview = await (await admin.PostAsJsonAsync($"{Admin}/order.shipped/preview", ShippedMapping)).ReadAs<Dictionary<string, string>>();
        Assert.Equal(("C20260501000123", 20), (preview["character_string1"], preview["thing3"].Length));
        Assert.Equal("2026年5月1日 10:30", preview["time2"]);

        var unmapped = await (await admin.DeleteAsync($"{Admin}/order.refunded")).ReadAs<SubscribeTemplateDto>();
        Assert.Null(unmapped.TemplateId);

        var (customer, _, _) = await WeChatCustomerAsync();
        await (await customer.GetAsync(Admin)).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await server.Client.GetAsync(Mine)).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await AcceptAsync(customer, "not-a-mapped-template")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await MapShippedAsync();
        await (await AcceptAsync(customer, answer: "maybe")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await customer.PostAsJsonAsync(Mine, new { results = new Dictionary<string, string>() })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

public sealed class SqliteSubscribeMessageTests(SubscribeMessageSqliteServer server) : SubscribeMessageTests<SubscribeMessageSqliteServer>(server);

public sealed class PostgresSubscribeMessageTests(SubscribeMessagePostgresServer server) : SubscribeMessageTests<SubscribeMessagePostgresServer>(server);
