using Circula.Identity.Contracts;
using Circula.Notifications.Templates;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Notifications.Endpoints;

/// <summary>A template as operators edit it, with the values it may name (<c>{name}</c>) and whether it is the default.</summary>
public sealed record TemplateView(string EventType, string Title, IReadOnlyList<TemplateLine> Lines, IReadOnlyList<TemplateVariable> Variables, bool Edited, DateTime? EditedAt)
{
    public static readonly TemplateView Example = From(new TemplateState(NotificationTemplates.All["order.placed.v1"], NotificationTemplates.All["order.placed.v1"].Default, null));

    public static TemplateView From(TemplateState s) =>
        new(s.Definition.EventType, s.Text.Title, s.Text.Lines, s.Definition.Variables, s.EditedAt is not null, s.EditedAt);
}

/// <summary>A rendered sample: the title and lines as every robot gets them, and the plain-text and markdown bodies.</summary>
public sealed record TemplatePreview(string Title, IReadOnlyList<MessageField> Lines, string Text, string Markdown)
{
    public static TemplatePreview From(NotificationMessage m) => new(m.Title, m.Fields, m.PlainText(), m.Markdown());
}

/// <summary>Operators edit the Chinese message templates of each event type and preview them on a sample event.</summary>
public static class TemplateAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/notification-templates").WithTags("Notifications admin").RequireAuthorization(Permissions.NotificationsManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var example = new TemplateRequest("新订单 {number}", [new TemplateLine("金额", "{amount}"), new TemplateLine("请在", "{deadline} 前发货准备")]);
        admin.MapGet("/", List).WithName("ListNotificationTemplates").WithSummary("The template of every event type robots get, with the values each may name")
            .WithResponseExample(new[] { TemplateView.Example });
        admin.MapGet("/{eventType}", Get).WithName("GetNotificationTemplate").WithSummary("One event type's template")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(TemplateView.Example);
        admin.MapPut("/{eventType}", Update).WithName("UpdateNotificationTemplate")
            .WithSummary("Replace an event type's template: a title and lines of label and value, naming the event's values as {name}")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(example).WithResponseExample(TemplateView.Example);
        admin.MapDelete("/{eventType}", Reset).WithName("ResetNotificationTemplate").WithSummary("Go back to the default template")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(TemplateView.Example);
        admin.MapPost("/{eventType}/preview", Preview).WithName("PreviewNotificationTemplate")
            .WithSummary("Render a sample event with a draft template (or, without a body, the one in use); nothing is sent or saved")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(example).WithResponseExample(new TemplatePreview("新订单 C20260501000123", [new("金额", "¥123.45")], "新订单 C20260501000123\n金额：¥123.45",
                "**新订单 C20260501000123**\n> 金额：¥123.45"));
    }

    public static async Task<Ok<List<TemplateView>>> List(TemplateAdministration templates, CancellationToken ct) =>
        TypedResults.Ok((await templates.ListAsync(ct)).Select(TemplateView.From).ToList());

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Get(string eventType, TemplateAdministration templates, CancellationToken ct) =>
        (await templates.GetAsync(eventType, ct)).ToOk(TemplateView.From);

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Update(string eventType, TemplateRequest request, TemplateAdministration templates,
        CancellationToken ct) =>
        (await templates.UpdateAsync(eventType, request, ct)).ToOk(TemplateView.From);

    public static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> Reset(string eventType, TemplateAdministration templates, CancellationToken ct) =>
        (await templates.ResetAsync(eventType, ct)).ToOk(TemplateView.From);

    public static async Task<Results<Ok<TemplatePreview>, ProblemHttpResult>> Preview(string eventType, TemplateRequest? draft, TemplateAdministration templates,
        CancellationToken ct) =>
        (await templates.PreviewAsync(eventType, draft, ct)).ToOk(TemplatePreview.From);
}
