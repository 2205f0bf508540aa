using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Shared.Outbox.Endpoints;

/// <summary>An outbox message as operators see it; ids are strings because they exceed JavaScript's 2^53.</summary>
public sealed record OutboxMessageView(string Id, string Type, string Status, int Attempts, DateTime OccurredAt, DateTime NextAttemptAt,
    DateTime? DeliveredAt, string? LastError, string Payload)
{
    public static OutboxMessageView From(OutboxMessage m) => new(m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Type,
        m.Status.ToString().ToLowerInvariant(), m.Attempts, m.OccurredAt, m.NextAttemptAt, m.DeliveredAt, m.LastError, m.Payload);
}

/// <summary>Operators list messages (dead ones above all) and replay the dead.</summary>
public static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/outbox").WithTags("Outbox admin").RequireAuthorization(Permissions.OutboxManage);
        group.MapGet("/", List).WithName("ListOutboxMessages").WithSummary("List outbox messages, newest first")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<OutboxMessageView>([Example], 1, 20, 1));
        group.MapPost("/{id:long}/replay", Replay).WithName("ReplayOutboxMessage").WithSummary("Send a dead message again from the first attempt")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithResponseExample(Example with { Status = "pending", Attempts = 0 });
        return app;
    }

    private static readonly OutboxMessageView Example = new("7410736210219008", "order.placed", "dead", 8,
        new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc), null,
        "HttpRequestException: Connection refused", """{"orderId":"7410736210219008"}""");

    public static async Task<Results<Ok<PagedList<OutboxMessageView>>, ProblemHttpResult>> List(
        CirculaDbContext db, string? status, string? type, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        var wanted = errors.EnumFilter<OutboxStatus>("status", status);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var (items, total) = await db.Set<OutboxMessage>().AsNoTracking().NewestFirst(wanted, type).PageAsync(page, pageSize, ct);
        return TypedResults.Ok(new PagedList<OutboxMessageView>(items.Select(OutboxMessageView.From).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<OutboxMessageView>, ProblemHttpResult>> Replay(long id, DeadLetters deadLetters, CancellationToken ct) =>
        (await deadLetters.ReplayAsync(id, ct)).ToOk(OutboxMessageView.From);
}
