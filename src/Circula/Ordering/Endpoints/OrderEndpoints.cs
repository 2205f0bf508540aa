using System.Security.Claims;
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

/// <summary>Customer endpoints under /api/v1/orders and operator endpoints under /api/v1/admin/orders.</summary>
public static class OrderEndpoints
{
    public static void MapCustomer(RouteGroupBuilder orders)
    {
        orders.MapPost("/", PlaceOrderEndpoint.Handle).WithName("PlaceOrder")
            .WithResponseHeader("Idempotent-Replayed", "true when this is the stored first answer to the same Idempotency-Key, replayed: no second order was placed.",
                StatusCodes.Status201Created)
            .WithSummary("Place an order (requires an Idempotency-Key header): reserves stock for every line or none; 409 insufficient_stock names the SKU, " +
                "409 unpaid_order_limit_reached / sku_hold_limit_reached when the customer's unpaid orders hold too much")
            .Validate<PlaceOrderRequest, PlaceOrderValidator>()
            .Produces<OrderView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new PlaceOrderRequest([new OrderLineRequest(12, 2)], OrderExamples.Address, "请放门口"))
            .WithResponseExample(OrderExamples.Order, StatusCodes.Status201Created);
        orders.MapGet("/", ListMine).WithName("ListMyOrders").WithSummary("My orders, newest first; filter by status")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(OrderExamples.Page);
        orders.MapGet("/{id:long}", GetMine).WithName("GetMyOrder").WithSummary("One of my orders with its history (another customer's order is 404)")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(OrderExamples.Order);
        MapTransition(orders, "/{id:long}/cancel", "CancelMyOrder", "Cancel my unpaid order; its stock is released", OrderTrigger.Cancel, OrderActor.Customer);
        MapTransition(orders, "/{id:long}/confirm-receipt", "ConfirmReceipt", "Confirm a shipped order arrived", OrderTrigger.Complete, OrderActor.Customer);
        MapRefundRequest(orders, "RequestRefund", OrderActor.Customer);
    }

    public static void MapOperator(RouteGroupBuilder orders)
    {
        orders.MapGet("/", ListAll).WithName("ListOrders")
            .WithSummary("All orders, newest first; filter by status, number, customerId, phone (the customer account's) and placement time [placedFrom, placedTo)")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(OrderExamples.Page);
        orders.MapGet("/statistics", Statistics).WithName("GetOrderStatistics")
            .WithSummary("The dashboard's order figures: today (China time), every order by status, and per China day of the last `days` (1-90, default 30) orders placed, paid and their total")
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).WithResponseExample(OrderExamples.Statistics);
        orders.MapGet("/{id:long}", GetAny).WithName("GetOrder").WithSummary("One order in full, with its history")
            .ProducesProblem(StatusCodes.Status404NotFound).WithResponseExample(OrderExamples.Order);
        orders.MapPost("/{id:long}/ship", Ship).WithName("ShipOrder").WithSummary("Ship a paid order: its reserved stock leaves the warehouse")
            .Validate<ShipRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new ShipRequest("SF", "SF1234567890")).WithResponseExample(OrderExamples.Order);
        MapTransition(orders, "/{id:long}/complete", "CompleteOrder", "Complete a shipped order", OrderTrigger.Complete, OrderActor.Operator);
        MapTransition(orders, "/{id:long}/cancel", "CancelOrder", "Cancel an unpaid order; its stock is released", OrderTrigger.Cancel, OrderActor.Operator);
        MapTransition(orders, "/{id:long}/approve-refund", "ApproveRefund", "Refund an order whose refund was requested; unshipped stock is returned",
            OrderTrigger.ApproveRefund, OrderActor.Operator);
        orders.MapPost("/{id:long}/reject-refund", RejectRefund).WithName("RejectRefund")
            .WithSummary("Reject a requested refund with a reason (required): the order is Paid again, its stock still reserved; " +
                "409 invalid_transition when no refund is requested (also for the loser when an approve and a reject race)")
            .Validate<RefundRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new RefundRequest("商品已拆封使用，不符合退款条件")).WithResponseExample(OrderExamples.Order);
        MapRefundRequest(orders, "RequestRefundForCustomer", OrderActor.Operator);
    }

    private static void MapTransition(RouteGroupBuilder group, string pattern, string name, string summary, OrderTrigger trigger, OrderActor actor) =>
        group.MapPost(pattern, (long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TransitionRequest? body, ClaimsPrincipal user,
                OrderTransitions transitions, PiiProtector pii, CancellationToken ct) =>
                TransitionAsync(id, trigger, new Requester(OrderStateMachine.ActorOf(actor), user.UserId()), body?.Reason, transitions, pii, ct))
            .WithName(name).WithSummary(summary + "; 409 invalid_transition when the order's status does not allow it")
            .AddEndpointFilter<OptionalBodyValidation>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new TransitionRequest("买错了")).WithResponseExample(OrderExamples.Order);

    private static void MapRefundRequest(RouteGroupBuilder group, string name, OrderActor actor) =>
        group.MapPost("/{id:long}/refund-request", (long id, RefundRequest body, ClaimsPrincipal user, OrderTransitions transitions, PiiProtector pii, CancellationToken ct) =>
                TransitionAsync(id, OrderTrigger.RequestRefund, new Requester(OrderStateMachine.ActorOf(actor), user.UserId()), body.Reason.Trim(), transitions, pii, ct))
            .WithName(name).WithSummary("Ask for a refund of a paid, unshipped order; 409 invalid_transition otherwise")
            .Validate<RefundRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new RefundRequest("不想要了")).WithResponseExample(OrderExamples.Order);

    private static async Task<Results<Ok<PagedList<OrderSummary>>, ProblemHttpResult>> ListMine(ClaimsPrincipal user, CirculaDbContext db, IUserDirectory users,
        string? status, int page = 1, int pageSize = 20, CancellationToken ct = default) =>
        (await OrderQueries.ListAsync(db, users, new OrderListFilter(status, page, pageSize, CustomerId: user.UserId()), ct)).ToOk(orders => orders);

    private static async Task<Results<Ok<PagedList<OrderSummary>>, ProblemHttpResult>> ListAll([AsParameters] OrderListQuery query, CancellationToken ct) =>
        (await OrderQueries.ListAsync(query.Db, query.Users, query.ToFilter(), ct)).ToOk(orders => orders);

    private static async Task<Results<Ok<OrderStatisticsReport>, ProblemHttpResult>> Statistics(CirculaDbContext db, TimeProvider clock, int days = 30,
        CancellationToken ct = default) =>
        (await OrderStatistics.ReportAsync(db, clock.GetUtcNow().UtcDateTime, days, ct)).ToOk(report => report);

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetMine(long id, ClaimsPrincipal user, CirculaDbContext db, PiiProtector pii, CancellationToken ct) =>
        await OrderQueries.FindAsync(db, id, user.UserId(), ct) is { } order
            ? TypedResults.Ok(OrderView.From(order, DeliveryAddress.Decrypt(pii, order.AddressCipher), OrderActor.Customer))
            : ApiProblems.NotFound("Order");

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAny(long id, CirculaDbContext db, PiiProtector pii, CancellationToken ct) =>
        await OrderQueries.FindAsync(db, id, null, ct) is { } order
            ? TypedResults.Ok(OrderView.From(order, DeliveryAddress.Decrypt(pii, order.AddressCipher), OrderActor.Operator))
            : ApiProblems.NotFound("Order");

    private static Task<Results<Ok<OrderView>, ProblemHttpResult>> Ship(long id, ShipRequest body, ClaimsPrincipal user, OrderTransitions transitions,
        PiiProtector pii, CancellationToken ct) =>
        TransitionAsync(id, OrderTrigger.Ship, new Requester(Actor.Operator, user.UserId()), $"{body.Carrier.Trim()} {body.TrackingNumber.Trim()}",
            transitions, pii, ct, o => o.RecordShipment(body.Carrier.Trim(), body.TrackingNumber.Trim()));

    private static Task<Results<Ok<OrderView>, ProblemHttpResult>> RejectRefund(long id, RefundRequest body, ClaimsPrincipal user, OrderTransitions transitions,
        PiiProtector pii, CancellationToken ct) =>
        TransitionAsync(id, OrderTrigger.RejectRefund, new Requester(Actor.Operator, user.UserId()), body.Reason, transitions, pii, ct);

    internal static async Task<Results<Ok<OrderView>, ProblemHttpResult>> TransitionAsync(long id, OrderTrigger trigger, Requester requester, string? reason,
        OrderTransitions transitions, PiiProtector pii, CancellationToken ct, Action<Order>? record = null)
    {
        var result = await transitions.ApplyAsync(id, trigger, requester, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ct, record);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var order = (await transitions.ReloadAsync(id, ct))!;
        var viewer = requester.Actor is Actor.Customer or Actor.Seller ? OrderStateMachine.ViewOf(requester.Actor) : OrderActor.Operator;
        return TypedResults.Ok(OrderView.From(order, DeliveryAddress.Decrypt(pii, order.AddressCipher), viewer));
    }

    /// <summary>Validates a body that may be absent.</summary>
    internal sealed class OptionalBodyValidation : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var errors = new FieldErrors();
            context.Arguments.OfType<IValidatable>().FirstOrDefault()?.Validate(errors);
            return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : await next(context);
        }
    }
}
