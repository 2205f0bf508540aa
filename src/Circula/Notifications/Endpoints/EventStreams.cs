using System.Globalization;
using System.Security.Claims;
using Circula.Identity.Contracts;
using Circula.Notifications.Feed;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Circula.Notifications.Endpoints;

/// <summary>
/// Live status over Server-Sent Events, read from the database outbox (so any replica serves any client): each event's
/// SSE id is its outbox id, and a client that reconnects with <c>Last-Event-ID</c> (or <c>?lastEventId=</c>) gets
/// everything after it. Idle streams get a comment line as heartbeat; <c>X-Accel-Buffering: no</c> keeps nginx from buffering.
/// </summary>
public static class EventStreams
{
    private const string Example = "id: 7212345678901234567\nevent: order.status-changed.v1\ndata: {\"id\":\"7212345678901234567\",\"type\":\"order.status-changed.v1\","
        + "\"occurredAt\":\"2026-05-01T02:00:00Z\",\"data\":{\"orderId\":\"7212345678800000000\",\"number\":\"C20260501000001\",\"from\":\"pendingPayment\",\"to\":\"paid\"}}\n\n";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me/events", Mine).WithTags("Live events").RequireAuthorization().WithName("MyEvents")
            .WithSummary("Server-Sent Events: changes to the signed-in customer's orders, payments and refunds (resumable with Last-Event-ID)")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(Example);
        app.MapGet("/api/v1/admin/events", All).WithTags("Live events").RequireAuthorization(Permissions.NotificationsManage).WithName("AdminEvents")
            .WithSummary("Server-Sent Events: every integration event, live (resumable with Last-Event-ID)")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(Example);
    }

    /// <summary>What every stream needs besides its audience.</summary>
    public sealed record StreamServices(HttpContext Context, EventFeed Feed, IOptions<NotificationsOptions> Options, IHostApplicationLifetime Lifetime);

    public static Task<Results<EmptyHttpResult, ProblemHttpResult>> Mine([AsParameters] StreamServices services, ClaimsPrincipal user, string? lastEventId = null) =>
        StreamAsync(services, FeedAudience.CustomerOf(user.UserId()), lastEventId);

    public static Task<Results<EmptyHttpResult, ProblemHttpResult>> All([AsParameters] StreamServices services, string? lastEventId = null) =>
        StreamAsync(services, FeedAudience.Operators(), lastEventId);

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> StreamAsync(StreamServices services, FeedAudience audience, string? lastEventIdQuery)
    {
        var (context, feed, options) = (services.Context, services.Feed, services.Options.Value);
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventIdQuery;
        long cursor;
        if (resumeFrom is null)
        {
            cursor = await feed.LatestIdAsync(context.RequestAborted);
        }
        else if (!long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            return ApiProblems.Validation("Last-Event-ID", "must be the id of an event this stream sent (a string of digits).");
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync("retry: 2000\n\n", context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);

        // A stopping server ends its streams (clients reconnect, to another replica, with Last-Event-ID) instead of holding up shutdown.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Lifetime.ApplicationStopping);
        var sent = new SentEvents(cursor);
        var quiet = System.Diagnostics.Stopwatch.StartNew(); // paces heartbeats only; nothing is stamped with it
        try
        {
            while (!open.Token.IsCancellationRequested)
            {
                var read = await feed.ReadAsync(cursor, audience, sent, open.Token);
                foreach (var e in read.Events)
                {
                    await response.WriteAsync($"id: {e.Id}\nevent: {e.Type}\ndata: {e.Json()}\n\n", open.Token);
                    quiet.Restart();
                }

                cursor = read.Cursor;
                if (quiet.Elapsed >= options.StreamHeartbeat)
                {
                    await response.WriteAsync(": heartbeat\n\n", open.Token);
                    quiet.Restart();
                }

                await response.Body.FlushAsync(open.Token);
                await Task.Delay(options.StreamPollInterval, open.Token);
            }
        }
        catch (OperationCanceledException) when (open.Token.IsCancellationRequested)
        {
            // The client went away: the stream simply ends.
        }

        return TypedResults.Empty;
    }
}
