using System.Security.Claims;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;

namespace Circula.Ordering.Endpoints;

/// <summary>
/// Buying a marketplace listing (an order of its one item, paid and confirmed like any order under /api/v1/orders) and the
/// seller's side of it under /api/v1/marketplace/sales: their sales, each with the buyer's address, and shipping one.
/// </summary>
public static class MarketplaceOrderEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/listings/{id:long}/orders", Buy).WithName("BuyListing")
            .WithResponseHeader("Idempotent-Replayed", "true when this is the stored first answer to the same Idempotency-Key, replayed: no second order was placed.",
                StatusCodes.Status201Created)
            .WithSummary("Buy a published listing (requires an Idempotency-Key header): an order of its one item at its price, the listing reserved until the " +
                "order is paid and shipped or released when it is not; pay and confirm it under /api/v1/orders. 404 unknown listing, 409 own_listing, " +
                "409 listing_unavailable (another buyer's order holds it, sold, or not published), 409 unpaid_order_limit_reached")
            .Validate<BuyListingRequest, BuyListingValidator>()
            .Produces<OrderView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new BuyListingRequest(OrderExamples.Address, "周末前发货可以吗"))
            .WithResponseExample(OrderExamples.ListingOrder, StatusCodes.Status201Created);
        group.MapGet("/marketplace/sales", ListMine).WithName("ListMySales")
            .WithSummary("Orders for my listings (my sales), newest first; filter by status")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(OrderExamples.SalesPage);
        group.MapGet("/marketplace/sales/{id:long}", GetMine).WithName("GetMySale")
            .WithSummary("One of my sales with the buyer's delivery address and its history (another seller's order is 404)")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(OrderExamples.ListingOrder);
        group.MapPost("/marketplace/sales/{id:long}/ship", Ship).WithName("ShipMySale")
            .WithSummary("Ship my paid sale, with a carrier and tracking number or neither (handed over in person): the listing is sold and the order " +
                "completes when the buyer confirms receipt or by itself after the configured days; 409 invalid_transition unless it is paid")
            .AddEndpointFilter<OrderEndpoints.OptionalBodyValidation>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new SellerShipRequest("YTO", "YT8888888888")).WithResponseExample(OrderExamples.ListingOrder);
    }

    private static async Task<Results<IdempotentAnswerResult, ProblemHttpResult>> Buy(long id, BuyListingRequest request, [AsParameters] PlaceOrderContext context)
    {
        var serializer = context.Json.Value.SerializerOptions;
        // BuyListingValidator has refused a request without a usable key before the handler runs; the listing is part of what the key answers.
        var key = new IdempotencyKey(context.User.UserId(), context.IdempotencyKey!,
            IdempotencyKey.Hash($"POST /api/v1/listings/{id}/orders", JsonSerializer.Serialize(request, serializer)));
        var placed = await context.Placement.PlaceForListingAsync(key, id, request, order => PlaceOrderEndpoint.Created(order, request.Address, serializer), context.Ct);
        return placed.IsSuccess ? new IdempotentAnswerResult(placed.Value) : placed.Error.ToProblem();
    }

    private static async Task<Results<Ok<PagedList<OrderSummary>>, ProblemHttpResult>> ListMine(ClaimsPrincipal user, CirculaDbContext db, IUserDirectory users,
        string? status, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        (await OrderQueries.ListAsync(db, users, new OrderListFilter(status, page, pageSize, SellerId: user.UserId()), ct)).ToOk(orders => orders);

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetMine(long id, ClaimsPrincipal user, CirculaDbContext db, PiiProtector pii, CancellationToken ct) =>
        await OrderQueries.FindAsync(db, id, null, ct, sellerId: user.UserId()) is { } order
            ? TypedResults.Ok(OrderView.From(order, DeliveryAddress.Decrypt(pii, order.AddressCipher), OrderActor.Seller))
            : ApiProblems.NotFound("Order");

    private static Task<Results<Ok<OrderView>, ProblemHttpResult>> Ship(long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] SellerShipRequest? body,
        ClaimsPrincipal user, OrderTransitions transitions, PiiProtector pii, CancellationToken ct)
    {
        var (carrier, tracking) = (body?.Carrier?.Trim() is { Length: > 0 } c ? c : null, body?.TrackingNumber?.Trim() is { Length: > 0 } t ? t : null);
        return OrderEndpoints.TransitionAsync(id, OrderTrigger.Ship, new Requester(Actor.Seller, user.UserId()), carrier is null ? "handed over" : $"{carrier} {tracking}",
            transitions, pii, ct, o => o.RecordShipment(carrier, tracking));
    }
}

/// <summary>A BuyListing request's Idempotency-Key header, checked as PlaceOrder's (400 <c>idempotency_key_required</c> / <c>idempotency_key_invalid</c>).</summary>
public sealed class BuyListingValidator : IRequestValidator<BuyListingRequest>
{
    public ProblemHttpResult? Validate(BuyListingRequest body, HttpContext http) =>
        PlaceOrderValidator.KeyProblem(http.Request.Headers[IdempotencyStore.HeaderName].ToString());
}
