using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Notifications.SubscribeMessages;
using Circula.Notifications.Templates;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Notifications.Endpoints;

/// <summary>
/// A customer notice as operators map it: its key and title, the values its fields may name, the field kinds WeChat
/// knows with their length limits, and the template mapped to it (templateId null: none is sent).
/// </summary>
public sealed record SubscribeTemplateView(
    string Notice, string Title, string EventType, IReadOnlyList<TemplateVariable> Variables, string? TemplateId, string? Page,
    IReadOnlyDictionary<string, string> Fields, DateTime? UpdatedAt)
{
    public static readonly SubscribeTemplateView Example = new("order.shipped", "订单发货", "order.status-changed.v1",
        [new("number", "订单号"), new("time", "发生时间（北京时间，如 2026年5月1日 10:30）")], "kX3bT9yL2mQ8v-Wq1eR5tY7uI0oP4aS6dF2gH9jK1lZ",
        "pages/orders/detail?number={number}", new Dictionary<string, string> { ["character_string1"] = "{number}", ["time2"] = "{time}", ["thing3"] = "您的订单已发货" },
        new DateTime(2026, 5, 1, 2, 30, 0, DateTimeKind.Utc));

    public static SubscribeTemplateView From(SubscribeState s) =>
        new(s.Notice.Key, s.Notice.Title, s.Notice.EventType, s.Notice.Variables, s.Template?.TemplateId, s.Template?.Page,
            s.Template?.FieldMap ?? new Dictionary<string, string>(), s.Template?.UpdatedAt);
}

/// <summary>What the mini program asks the customer to accept (the template ids, by notice), and what they have accepted so far.</summary>
public sealed record MySubscribeMessages(IReadOnlyList<SubscribeOffer> Templates, IReadOnlyList<CreditBalance> Credits);

/// <summary>A notice the shop sends as a subscribe message, with its template id for wx.requestSubscribeMessage.</summary>
public sealed record SubscribeOffer(string Notice, string Title, string TemplateId);

/// <summary>What <c>wx.requestSubscribeMessage</c> answered: template id → accept, reject, ban or filter.</summary>
public sealed record SubscribeReport(IReadOnlyDictionary<string, string?>? Results);

/// <summary>Operators map customer notices to subscribe-message templates; the mini program reports what customers accept.</summary>
public static class SubscribeMessageAdmin
{
    private const string TemplateIdExample = "kX3bT9yL2mQ8v-Wq1eR5tY7uI0oP4aS6dF2gH9jK1lZ";

    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/subscribe-templates").WithTags("Notifications admin").RequireAuthorization(Permissions.NotificationsManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var example = new SubscribeTemplateRequest(TemplateIdExample, "pages/orders/detail?number={number}",
            new Dictionary<string, string?> { ["character_string1"] = "{number}", ["time2"] = "{time}", ["thing3"] = "您的订单已发货" });
        admin.MapGet("/", List).WithName("ListSubscribeTemplates")
            .WithSummary("Every customer notice (order paid, shipped, refunded) with the WeChat subscribe-message template mapped to it")
            .WithResponseExample(new[] { SubscribeTemplateView.Example });
        admin.MapPut("/{notice}", Update).WithName("MapSubscribeTemplate")
            .WithSummary("Map a notice to a mini-program template: its id, an optional page, and each data field's text naming the notice's values as {name}")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(example).WithResponseExample(SubscribeTemplateView.Example);
        admin.MapDelete("/{notice}", Unmap).WithName("UnmapSubscribeTemplate").WithSummary("Stop sending subscribe messages for a notice")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(SubscribeTemplateView.Example with { TemplateId = null, Page = null, Fields = new Dictionary<string, string>(), UpdatedAt = null });
        admin.MapPost("/{notice}/preview", Preview).WithName("PreviewSubscribeTemplate")
            .WithSummary("The data fields a draft mapping fills from a sample event, cut to WeChat's limits (thing: 20 characters); nothing is sent or saved")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(example)
            .WithResponseExample(new Dictionary<string, string> { ["character_string1"] = "C20260501000123", ["time2"] = "2026年5月1日 10:30", ["thing3"] = "您的订单已发货" });

        var me = app.MapGroup("/api/v1/me/subscribe-messages").WithTags("Me").RequireAuthorization();
        me.ProducesProblem(StatusCodes.Status401Unauthorized);
        var mine = new MySubscribeMessages([new("order.shipped", "订单发货", TemplateIdExample)], [new(TemplateIdExample, 1)]);
        me.MapGet("/", Mine).WithName("MySubscribeMessages")
            .WithSummary("The template ids to pass to wx.requestSubscribeMessage, and how many one-time subscriptions the customer has left per template")
            .WithResponseExample(mine);
        me.MapPost("/", Report).WithName("ReportSubscribeMessages")
            .WithSummary("Report what wx.requestSubscribeMessage answered; each accept allows one message with that template")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(new SubscribeReport(new Dictionary<string, string?> { [TemplateIdExample] = "accept" })).WithResponseExample(mine);
    }

    public static async Task<Ok<List<SubscribeTemplateView>>> List(SubscribeAdministration templates, CancellationToken ct) =>
        TypedResults.Ok((await templates.ListAsync(ct)).Select(SubscribeTemplateView.From).ToList());

    public static async Task<Results<Ok<SubscribeTemplateView>, ProblemHttpResult>> Update(string notice, SubscribeTemplateRequest request,
        SubscribeAdministration templates, CancellationToken ct) =>
        (await templates.MapAsync(notice, request, ct)).ToOk(SubscribeTemplateView.From);

    public static async Task<Results<Ok<SubscribeTemplateView>, ProblemHttpResult>> Unmap(string notice, SubscribeAdministration templates, CancellationToken ct) =>
        (await templates.UnmapAsync(notice, ct)).ToOk(SubscribeTemplateView.From);

    public static Results<Ok<Dictionary<string, string>>, ProblemHttpResult> Preview(string notice, SubscribeTemplateRequest draft, SubscribeAdministration templates) =>
        templates.Preview(notice, draft).ToOk(d => d);

    public static async Task<Ok<MySubscribeMessages>> Mine(ClaimsPrincipal principal, SubscribeAdministration templates, SubscribeCredits credits, CancellationToken ct) =>
        TypedResults.Ok(await MineAsync(principal.UserId(), templates, credits, ct));

    public static async Task<Results<Ok<MySubscribeMessages>, ProblemHttpResult>> Report(SubscribeReport report, ClaimsPrincipal principal,
        SubscribeAdministration templates, SubscribeCredits credits, CancellationToken ct)
    {
        var reported = await credits.ReportAsync(principal.UserId(), report.Results, ct);
        return reported.IsSuccess ? TypedResults.Ok(await MineAsync(principal.UserId(), templates, credits, ct)) : reported.Error!.ToProblem();
    }

    private static async Task<MySubscribeMessages> MineAsync(long userId, SubscribeAdministration templates, SubscribeCredits credits, CancellationToken ct) =>
        new((await templates.ListAsync(ct)).Where(s => s.Template is not null).Select(s => new SubscribeOffer(s.Notice.Key, s.Notice.Title, s.Template!.TemplateId)).ToList(),
            await credits.BalancesAsync(userId, ct));
}
