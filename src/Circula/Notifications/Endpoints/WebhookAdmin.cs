using Circula.Identity.Contracts;
using Circula.Notifications.Delivery;
using Circula.Notifications.Webhooks;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Notifications.Endpoints;

/// <summary>A webhook as operators see it: the URL's host, never its path, query or secret.</summary>
public sealed record WebhookView(long Id, string Name, string UrlHost, IReadOnlyList<string> Events, string Status, int FailureStreak, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly WebhookView Example = new(1, "ERP 同步", "https://erp.example.cn", ["order.status-changed.v1", "payment.status-changed.v1"], "active", 0,
        new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static WebhookView From(Webhook w) =>
        new(w.Id, w.Name, w.UrlHint, EventFilter.Read(w.EventTypes), w.Status.ToString().ToLowerInvariant(), w.FailureStreak, w.CreatedAt, w.UpdatedAt);
}

/// <summary>Operators manage signed webhooks for integrators and read (and replay) their deliveries.</summary>
public static class WebhookAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/webhooks").WithTags("Notifications admin").RequireAuthorization(Permissions.NotificationsManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var example = new WebhookRequest("ERP 同步", "https://erp.example.cn/hooks/circula", "a-long-random-shared-secret", ["order.status-changed.v1"], true);
        admin.MapGet("/", List).WithName("ListWebhooks").WithSummary("Every webhook (URL host only; secrets are never returned)")
            .WithResponseExample(new[] { WebhookView.Example });
        admin.MapGet("/{id:long}", Get).WithName("GetWebhook").WithSummary("One webhook").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(WebhookView.Example);
        admin.MapPost("/", Create).WithName("CreateWebhook")
            .WithSummary("Register a receiver URL (public addresses only), its signing secret and event filter; deliveries are signed with HMAC-SHA256")
            .Validate<WebhookRequest>().WithRequestExample(example).WithResponseExample(WebhookView.Example, StatusCodes.Status201Created);
        admin.MapPut("/{id:long}", Update).WithName("UpdateWebhook").WithSummary("Change, enable or disable a webhook (url and secret: null keeps)")
            .Validate<WebhookRequest>().ProducesProblem(StatusCodes.Status404NotFound).WithRequestExample(example with { Url = null, Secret = null })
            .WithResponseExample(WebhookView.Example);
        admin.MapDelete("/{id:long}", Delete).WithName("DeleteWebhook").WithSummary("Remove a webhook").ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapGet("/{id:long}/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary($"The webhook's latest {DeliveryLog.PageSize} deliveries with every attempt (status, answer)").ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(new[] { DeliveryView.Example });
        admin.MapPost("/{id:long}/deliveries/{deliveryId:long}/replay", Replay).WithName("ReplayWebhookDelivery")
            .WithSummary("Send a delivered or given-up delivery again (same event id)").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<List<WebhookView>>> List(WebhookAdministration webhooks, CancellationToken ct) =>
        TypedResults.Ok((await webhooks.ListAsync(ct)).Select(WebhookView.From).ToList());

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Get(long id, WebhookAdministration webhooks, CancellationToken ct) =>
        (await webhooks.GetAsync(id, ct)).ToOk(WebhookView.From);

    public static async Task<Results<Created<WebhookView>, ProblemHttpResult>> Create(WebhookRequest request, WebhookAdministration webhooks, CancellationToken ct)
    {
        var created = await webhooks.CreateAsync(request, ct);
        return created.IsSuccess ? TypedResults.Created($"/api/v1/admin/webhooks/{created.Value.Id}", WebhookView.From(created.Value)) : created.Error.ToProblem();
    }

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> Update(long id, WebhookRequest request, WebhookAdministration webhooks, CancellationToken ct) =>
        (await webhooks.UpdateAsync(id, request, ct)).ToOk(WebhookView.From);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, WebhookAdministration webhooks, CancellationToken ct) =>
        (await webhooks.DeleteAsync(id, ct)).ToNoContent();

    public static async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> Deliveries(long id, WebhookAdministration webhooks, DeliveryLog log, CancellationToken ct)
    {
        var webhook = await webhooks.GetAsync(id, ct);
        return webhook.IsSuccess
            ? TypedResults.Ok((await log.ListAsync(TargetKinds.Webhook, id, ct)).Select(DeliveryView.From).ToList())
            : webhook.Error.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Replay(long id, long deliveryId, DeliveryLog log, CancellationToken ct) =>
        (await log.ReplayAsync(TargetKinds.Webhook, id, deliveryId, ct)).ToNoContent();
}
