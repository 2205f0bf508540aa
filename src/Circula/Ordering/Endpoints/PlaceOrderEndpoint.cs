using System.Security.Claims;
using System.Text.Json;
using Circula.Identity.Contracts;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Circula.Ordering.Endpoints;

/// <summary>
/// What placing an order is given besides its body: the Idempotency-Key, who orders, the placement, the JSON options its
/// answer is kept in, and the request's cancellation.
/// </summary>
public sealed record PlaceOrderContext(
    [FromHeader(Name = IdempotencyStore.HeaderName)] string? IdempotencyKey,
    ClaimsPrincipal User,
    OrderPlacement Placement,
    IOptions<HttpJsonOptions> Json,
    CancellationToken Ct);

/// <summary><c>POST /api/v1/orders</c>: the request checked by <see cref="PlaceOrderValidator"/>, the order placed by <see cref="OrderPlacement"/>.</summary>
public static class PlaceOrderEndpoint
{
    /// <summary>Hashed with the body, so a key's request is this endpoint's.</summary>
    private const string KeyScope = "POST /api/v1/orders";

    public static async Task<Results<IdempotentAnswerResult, ProblemHttpResult>> Handle(PlaceOrderRequest request, [AsParameters] PlaceOrderContext context)
    {
        var serializer = context.Json.Value.SerializerOptions;
        // PlaceOrderValidator has refused a request without a usable key before the handler runs.
        var key = new IdempotencyKey(context.User.UserId(), context.IdempotencyKey!, IdempotencyKey.Hash(KeyScope, JsonSerializer.Serialize(request, serializer)));
        var placed = await context.Placement.PlaceAsync(key, request, order => Created(order, request.Address, serializer), context.Ct);
        return placed.IsSuccess ? new IdempotentAnswerResult(placed.Value) : placed.Error.ToProblem();
    }

    internal static IdempotentAnswer Created(Order order, DeliveryAddress address, JsonSerializerOptions serializer) =>
        new(StatusCodes.Status201Created, $"/api/v1/orders/{OrderView.IdText(order.Id)}",
            JsonSerializer.Serialize(OrderView.From(order, address, OrderActor.Customer), serializer));
}

/// <summary>
/// What is checked about a PlaceOrder request besides its body's fields, in the same filter: the Idempotency-Key header
/// (400 <c>idempotency_key_required</c> / <c>idempotency_key_invalid</c>), then the per-line limit (422 <c>quantity_limit_exceeded</c>).
/// </summary>
public sealed class PlaceOrderValidator(IOptions<OrderingOptions> options) : IRequestValidator<PlaceOrderRequest>
{
    private const int MaxKeyLength = 64;

    public ProblemHttpResult? Validate(PlaceOrderRequest body, HttpContext http) =>
        KeyProblem(http.Request.Headers[IdempotencyStore.HeaderName].ToString())
        ?? body.CheckQuantityLimit(options.Value.MaxQuantityPerLine)?.ToProblem();

    /// <summary>The refusal of a missing or unusable Idempotency-Key header, or null.</summary>
    internal static ProblemHttpResult? KeyProblem(string key)
    {
        if (key.Length == 0)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "idempotency_key_required", "Idempotency-Key required",
                $"Send an {IdempotencyStore.HeaderName} header (e.g. a UUID) so that a retried request cannot create a second order.");
        }

        return key.Length > MaxKeyLength || key.Any(c => c is < '!' or > '~')
            ? ApiProblems.Create(StatusCodes.Status400BadRequest, "idempotency_key_invalid", "Idempotency-Key invalid",
                $"The {IdempotencyStore.HeaderName} header must be 1 to {MaxKeyLength} printable ASCII characters.")
            : null;
    }
}
