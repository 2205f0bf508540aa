using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Ordering;
using Circula.Ordering.Contracts;
using Circula.Shared.Http;
using Circula.Shared.StateMachines;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Ordering;

/// <summary>
/// The order lifecycle written out by hand, row by row, as the product promises it (docs/orders.md): the table in the code
/// must say exactly this, so an added, removed or changed row fails here until this list and the docs agree.
/// </summary>
public static class ExpectedOrderLifecycle
{
    private static readonly Actor[] Anyone = [Actor.Customer, Actor.Operator, Actor.System];

    public static readonly IReadOnlyList<(OrderStatus From, OrderTrigger Trigger, OrderStatus To, Actor[] Actors, OrderEffects Effects)> Rows =
    [
        (OrderStatus.PendingPayment, OrderTrigger.MarkPaid, OrderStatus.Paid, [Actor.System], OrderEffects.StopPaymentTimer),
        (OrderStatus.PendingPayment, OrderTrigger.Cancel, OrderStatus.Cancelled, Anyone, OrderEffects.ReleaseReservation | OrderEffects.StopPaymentTimer),
        (OrderStatus.Paid, OrderTrigger.Ship, OrderStatus.Shipped, [Actor.Operator, Actor.Seller], OrderEffects.CommitReservation | OrderEffects.StartAutoCompleteTimer),
        (OrderStatus.Paid, OrderTrigger.RequestRefund, OrderStatus.RefundRequested, [Actor.Customer, Actor.Operator], OrderEffects.None),
        (OrderStatus.RefundRequested, OrderTrigger.ApproveRefund, OrderStatus.Refunded, [Actor.Operator, Actor.System], OrderEffects.ReleaseReservation),
        (OrderStatus.RefundRequested, OrderTrigger.RejectRefund, OrderStatus.Paid, [Actor.Operator], OrderEffects.None),
        (OrderStatus.Shipped, OrderTrigger.Complete, OrderStatus.Completed, Anyone, OrderEffects.None),
    ];

    public static (OrderStatus To, Actor[] Actors)? Find(OrderStatus from, OrderTrigger trigger) =>
        Rows.Where(r => r.From == from && r.Trigger == trigger).Select(r => ((OrderStatus, Actor[])?)(r.To, r.Actors)).SingleOrDefault();
}

public sealed class OrderTransitionTableTests
{
    [Fact]
    public void The_table_in_the_code_is_exactly_the_written_out_lifecycle()
    {
        var actual = OrderStateMachine.Machine.Transitions.Select(t => (t.From, t.Trigger, t.To, Actors: string.Join(",", t.Actors.Order()), t.Effects));
        var expected = ExpectedOrderLifecycle.Rows.Select(r => (r.From, r.Trigger, r.To, Actors: string.Join(",", r.Actors.Order()), r.Effects));
        Assert.Equal(expected.OrderBy(r => r.ToString()), actual.OrderBy(r => r.ToString()));
    }
}

public abstract class OrderLifecycleTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    public static TheoryData<OrderStatus, OrderTrigger> EveryStatusAndTrigger()
    {
        var data = new TheoryData<OrderStatus, OrderTrigger>();
        foreach (var status in Enum.GetValues<OrderStatus>())
        {
            foreach (var trigger in Enum.GetValues<OrderTrigger>())
            {
                data.Add(status, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusAndTrigger))]
    public async Task Every_trigger_from_every_status_follows_the_transition_table(OrderStatus from, OrderTrigger trigger)
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var operatorClient = (await server.CreateUserAsync(Roles.Operator)).Client;
        var order = await customer.Client.PlaceOkAsync(sku);
        await BringToAsync(order.Id, from, customer.Client, operatorClient);

        var historyBefore = (await (await operatorClient.GetAsync($"/api/v1/admin/orders/{order.Id}")).ReadAs<OrderDto>()).History.Count;
        var eventsBefore = (await server.StatusChangesAsync(order.Id)).Count;

        var (actor, response) = await FireAsync(trigger, order.Id, customer.Client, operatorClient);

        var expected = ExpectedOrderLifecycle.Find(from, trigger);
        var allowed = expected is { } row && row.Actors.Contains(OrderStateMachine.ActorOf(actor));
        var after = await (await operatorClient.GetAsync($"/api/v1/admin/orders/{order.Id}")).ReadAs<OrderDto>();
        var newEvents = (await server.StatusChangesAsync(order.Id)).Skip(eventsBefore).ToList();
        if (allowed)
        {
            Assert.True(response.IsSuccessStatusCode, $"{from} --{trigger}--> should succeed: {await response.Content.ReadAsStringAsync()}");
            var to = expected!.Value.To;
            Assert.Equal(Camel(to), after.Status);
            // The transition's one history row and its one order.status-changed.v1 event.
            Assert.Equal(historyBefore + 1, after.History.Count);
            Assert.Equal((Camel(from), Camel(to), Camel(actor)), (after.History[^1].From, after.History[^1].To, after.History[^1].Actor));
            var changed = Assert.Single(newEvents);
            Assert.Equal((order.Id, from, to, OrderStateMachine.ActorOf(actor)), (changed.OrderId.ToString(), changed.From, changed.To, changed.Actor));
        }
        else
        {
            await response.ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
            Assert.Equal(Camel(from), after.Status);
            Assert.Equal(historyBefore, after.History.Count);
            Assert.Empty(newEvents);
        }
    }

    [Fact]
    public async Task Stock_follows_the_order_reserve_commit_on_ship_release_on_cancel_and_refund()
    {
        var sku = await server.CreateSkuAsync(stock: 10);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;

        var shipped = await customer.Client.PlaceOkAsync(sku, 2);
        var cancelled = await customer.Client.PlaceOkAsync(sku, 3);
        var refunded = await customer.Client.PlaceOkAsync(sku, 1);
        Assert.Equal((10, 6, 4), await server.StockAsync(sku));

        await server.MarkPaidAsync(shipped.Id);
        await (await ops.PostAsJsonAsync($"/api/v1/admin/orders/{shipped.Id}/ship", new { carrier = "SF", trackingNumber = "SF123" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((8, 4, 4), await server.StockAsync(sku));

        await (await customer.Client.PostAsync($"/api/v1/orders/{cancelled.Id}/cancel", null)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal((8, 1, 7), await server.StockAsync(sku));

        await server.MarkPaidAsync(refunded.Id);
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{refunded.Id}/refund-request", new { reason = "不想要了" })).ShouldBe(HttpStatusCode.OK);
        var done = await (await ops.PostAsync($"/api/v1/admin/orders/{refunded.Id}/approve-refund", null)).ReadAs<OrderDto>();
        Assert.Equal("refunded", done.Status);
        Assert.Equal((8, 0, 8), await server.StockAsync(sku));

        var shippedView = await (await customer.Client.GetAsync($"/api/v1/orders/{shipped.Id}")).ReadAs<OrderDto>();
        Assert.Equal(("SF", "SF123"), (shippedView.Carrier, shippedView.TrackingNumber));
        Assert.Equal(["pendingPayment", "paid", "shipped"], shippedView.History.Select(h => h.To));
        Assert.Equal(["complete"], shippedView.AllowedActions);
    }

    [Fact]
    public async Task A_customer_never_sees_or_changes_another_customers_order()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var alice = await server.CreateUserAsync(Roles.Customer);
        var bob = await server.CreateUserAsync(Roles.Customer);
        var order = await alice.Client.PlaceOkAsync(sku);

        await (await bob.Client.GetAsync($"/api/v1/orders/{order.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await bob.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null)).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await bob.Client.GetAsync("/api/v1/orders")).ReadAs<JsonElement>()).GetProperty("total").GetInt32());
        await (await bob.Client.GetAsync("/api/v1/admin/orders")).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await alice.Client.GetAsync("/api/v1/orders/123456789")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("pendingPayment", (await (await alice.Client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>()).Status);
    }

    [Fact]
    public async Task Lists_filter_by_status_and_number_and_validate_their_input()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;
        var kept = await customer.Client.PlaceOkAsync(sku);
        var dropped = await customer.Client.PlaceOkAsync(sku);
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{dropped.Id}/cancel", new { reason = "买错了" })).ShouldBe(HttpStatusCode.OK);

        var pending = await (await customer.Client.GetAsync("/api/v1/orders?status=pendingPayment")).ReadAs<JsonElement>();
        Assert.Equal([kept.Id], pending.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var byNumber = await (await ops.GetAsync($"/api/v1/admin/orders?number={dropped.Number}")).ReadAs<JsonElement>();
        Assert.Equal("cancelled", byNumber.GetProperty("items")[0].GetProperty("status").GetString());

        await (await customer.Client.GetAsync("/api/v1/orders?status=lost")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await customer.Client.GetAsync("/api/v1/orders?pageSize=0")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await ops.GetAsync("/api/v1/admin/orders?pageSize=10000")).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{kept.Id}/cancel", new { reason = new string('x', 201) }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await ops.PostAsJsonAsync($"/api/v1/admin/orders/{kept.Id}/ship", new { carrier = "", trackingNumber = "1" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task Ten_parallel_cancels_of_one_order_release_its_stock_once()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku, 2);

        var responses = await CatalogTestApi.InParallelAsync(10, _ => customer.Client.PostAsync($"/api/v1/orders/{order.Id}/cancel", null));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal((5, 0, 5), await server.StockAsync(sku));
        var view = await (await customer.Client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
        Assert.Single(view.History, h => h.To == "cancelled");
    }

    [Fact]
    public async Task Unpaid_orders_are_cancelled_at_the_deadline_once_even_with_two_scanners_and_paid_ones_are_left_alone()
    {
        await using var replica = await server.StartReplicaAsync();
        var sku = await server.CreateSkuAsync(stock: 40);
        // Three customers, as one may hold only so many unpaid orders.
        var customers = new List<SignedInUser>();
        for (var c = 0; c < 3; c++)
        {
            customers.Add(await server.CreateUserAsync(Roles.Customer));
        }

        var unpaid = new List<(SignedInUser Customer, OrderDto Order)>();
        for (var i = 0; i < 30; i++)
        {
            unpaid.Add((customers[i % 3], await customers[i % 3].Client.PlaceOkAsync(sku)));
        }

        var buyer = await server.CreateUserAsync(Roles.Customer);
        var paid = await buyer.Client.PlaceOkAsync(sku);
        await server.MarkPaidAsync(paid.Id);
        Assert.Equal((40, 31, 9), await server.StockAsync(sku));

        await server.AdvanceClockAsync(TimeSpan.FromMinutes(31));
        // Time keeps moving while we wait, as it does in production, so a timer retried after a failure comes due again.
        await server.EventuallyAsync(async () => (await server.StockAsync(sku)).Available == 39, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

        var clients = new Dictionary<long, HttpClient>();
        foreach (var user in customers.Append(buyer))
        {
            clients[user.Id] = await server.SignInAgainAsync(user);
        }

        foreach (var (customer, order) in unpaid)
        {
            var view = await (await clients[customer.Id].GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
            Assert.Equal("cancelled", view.Status);
            var cancellation = Assert.Single(view.History, h => h.To == "cancelled");
            Assert.Equal(("system", "payment timeout"), (cancellation.Actor, cancellation.Reason));
            var changed = Assert.Single(await server.StatusChangesAsync(order.Id));
            Assert.Equal((OrderStatus.PendingPayment, OrderStatus.Cancelled, Actor.System, "payment timeout"), (changed.From, changed.To, changed.Actor, changed.Reason));
        }

        Assert.Equal("paid", (await (await clients[buyer.Id].GetAsync($"/api/v1/orders/{paid.Id}")).ReadAs<OrderDto>()).Status);
        Assert.Equal((40, 1, 39), await server.StockAsync(sku));
    }

    [Fact]
    public async Task A_shipped_order_completes_by_itself_after_the_configured_days()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;
        var order = await customer.Client.PlaceOkAsync(sku);
        await server.MarkPaidAsync(order.Id);
        await (await ops.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/ship", new { carrier = "SF", trackingNumber = "SF9" })).ShouldBe(HttpStatusCode.OK);

        await server.AdvanceClockAsync(TimeSpan.FromDays(10) + TimeSpan.FromMinutes(1));
        var client = await server.SignInAgainAsync(customer);
        await server.EventuallyAsync(async () =>
            (await (await client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>()).Status == "completed", TimeSpan.FromSeconds(5));

        var view = await (await client.GetAsync($"/api/v1/orders/{order.Id}")).ReadAs<OrderDto>();
        Assert.Equal("system", view.History[^1].Actor);
        Assert.Equal([(OrderStatus.PendingPayment, OrderStatus.Paid, Actor.System), (OrderStatus.Paid, OrderStatus.Shipped, Actor.Operator),
            (OrderStatus.Shipped, OrderStatus.Completed, Actor.System)], (await server.StatusChangesAsync(order.Id)).Select(c => (c.From, c.To, c.Actor)));
    }

    [Fact]
    public async Task Placing_and_every_transition_write_exactly_one_outbox_event()
    {
        var (order, _) = await server.RefundRequestedWithoutPaymentAsync();

        Assert.Equal([OrderPlaced.EventType, OrderStatusChanged.EventType, OrderStatusChanged.EventType], await server.OrderEventTypesAsync(order.Id));
        var changes = await server.StatusChangesAsync(order.Id);
        Assert.Equal([(OrderStatus.PendingPayment, OrderStatus.Paid), (OrderStatus.Paid, OrderStatus.RefundRequested)], changes.Select(c => (c.From, c.To)));
    }

    /// <summary>Every path to a final status: placing writes order.placed.v1 and its history row, each step one history row and one order.status-changed.v1.</summary>
    [Theory]
    [InlineData(OrderTrigger.Cancel)]
    [InlineData(OrderTrigger.MarkPaid, OrderTrigger.Ship, OrderTrigger.Complete)]
    [InlineData(OrderTrigger.MarkPaid, OrderTrigger.RequestRefund, OrderTrigger.ApproveRefund)]
    [InlineData(OrderTrigger.MarkPaid, OrderTrigger.RequestRefund, OrderTrigger.RejectRefund, OrderTrigger.Ship, OrderTrigger.Complete)]
    public async Task Each_step_of_a_path_writes_one_history_row_and_one_status_changed_event(params OrderTrigger[] path)
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;
        var order = await customer.Client.PlaceOkAsync(sku);

        var expected = new List<(OrderStatus From, OrderStatus To, Actor Actor)>();
        var status = OrderStatus.PendingPayment;
        foreach (var trigger in path)
        {
            var (actor, response) = await FireAsync(trigger, order.Id, customer.Client, ops);
            Assert.True(response.IsSuccessStatusCode, $"{status} --{trigger}--> failed: {await response.Content.ReadAsStringAsync()}");
            var to = ExpectedOrderLifecycle.Find(status, trigger)!.Value.To;
            expected.Add((status, to, OrderStateMachine.ActorOf(actor)));
            status = to;
        }

        Assert.Equal([OrderPlaced.EventType, .. path.Select(_ => OrderStatusChanged.EventType)], await server.OrderEventTypesAsync(order.Id));
        Assert.Equal(expected, (await server.StatusChangesAsync(order.Id)).Select(c => (c.From, c.To, c.Actor)));
        var history = (await (await ops.GetAsync($"/api/v1/admin/orders/{order.Id}")).ReadAs<OrderDto>()).History;
        Assert.Equal([(null, "pendingPayment", "customer"), .. expected.Select(e => ((string?)Camel(e.From), Camel(e.To), Camel(e.Actor)))],
            history.Select(h => (h.From, h.To, h.Actor)));
    }

    [Fact]
    public async Task Rejecting_a_refund_needs_a_reason_keeps_the_stock_reserved_and_shows_in_the_history()
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;
        var order = await customer.Client.PlaceOkAsync(sku, 2);
        await BringToAsync(order.Id, OrderStatus.RefundRequested, customer.Client, ops);
        var reject = $"/api/v1/admin/orders/{order.Id}/reject-refund";

        await (await ops.PostAsync(reject, null)).ShouldBeProblem(HttpStatusCode.BadRequest, "malformed_request");
        foreach (var bad in new object[] { new { }, new { reason = "  " }, new { reason = new string('x', 201) } })
        {
            var problem = await (await ops.PostAsJsonAsync(reject, bad)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Contains("reason", problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        await (await customer.Client.PostAsJsonAsync(reject, new { reason = "x" })).ShouldBeProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await ops.PostAsJsonAsync("/api/v1/admin/orders/123456789/reject-refund", new { reason = "x" })).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("refundRequested", (await (await ops.GetAsync($"/api/v1/admin/orders/{order.Id}")).ReadAs<OrderDto>()).Status);

        var paidAt = await PaidAtAsync(order.Id);
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var rejected = await (await ops.PostAsJsonAsync(reject, new { reason = " 商品已拆封 " })).ReadAs<OrderDto>();
        Assert.Equal(paidAt, await PaidAtAsync(order.Id));
        Assert.Equal("paid", rejected.Status);
        Assert.Equal(("refundRequested", "paid", "operator", "商品已拆封"), (rejected.History[^1].From, rejected.History[^1].To, rejected.History[^1].Actor,
            rejected.History[^1].Reason));
        Assert.Equal((5, 2, 3), await server.StockAsync(sku));
        Assert.Contains("ship", rejected.AllowedActions);
        await (await ops.PostAsJsonAsync(reject, new { reason = "again" })).ShouldBeProblem(HttpStatusCode.Conflict, "invalid_transition");
    }

    [Fact]
    public async Task An_approve_and_a_reject_of_one_refund_request_racing_exactly_one_wins_and_the_other_is_409()
    {
        var sku = await server.CreateSkuAsync(stock: 40);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var ops = (await server.CreateUserAsync(Roles.Operator)).Client;
        for (var round = 0; round < 4; round++)
        {
            var order = await customer.Client.PlaceOkAsync(sku);
            await BringToAsync(order.Id, OrderStatus.RefundRequested, customer.Client, ops);

            var responses = await CatalogTestApi.InParallelAsync(6, i => i % 2 == 0
                ? ops.PostAsync($"/api/v1/admin/orders/{order.Id}/approve-refund", null)
                : ops.PostAsJsonAsync($"/api/v1/admin/orders/{order.Id}/reject-refund", new { reason = "不符合条件" }));

            var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
            var view = await (await ops.GetAsync($"/api/v1/admin/orders/{order.Id}")).ReadAs<OrderDto>();
            Assert.Equal((await winner.ReadAs<OrderDto>()).Status, view.Status);
            Assert.Single(view.History, h => h.From == "refundRequested");
            Assert.Single(await server.StatusChangesAsync(order.Id), c => c.From == OrderStatus.RefundRequested);
        }
    }

    private Task<DateTime?> PaidAtAsync(string orderId) => server.WithScopeAsync(sp =>
        sp.GetRequiredService<CirculaDbContext>().Set<Order>().Where(o => o.Id == long.Parse(orderId)).Select(o => o.PaidAt).SingleAsync());

    private static string Camel<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private async Task BringToAsync(string orderId, OrderStatus status, HttpClient customer, HttpClient ops)
    {
        var path = status switch
        {
            OrderStatus.PendingPayment => [],
            OrderStatus.Cancelled => [OrderTrigger.Cancel],
            OrderStatus.Paid => [OrderTrigger.MarkPaid],
            OrderStatus.Shipped => [OrderTrigger.MarkPaid, OrderTrigger.Ship],
            OrderStatus.Completed => [OrderTrigger.MarkPaid, OrderTrigger.Ship, OrderTrigger.Complete],
            OrderStatus.RefundRequested => [OrderTrigger.MarkPaid, OrderTrigger.RequestRefund],
            OrderStatus.Refunded => new[] { OrderTrigger.MarkPaid, OrderTrigger.RequestRefund, OrderTrigger.ApproveRefund },
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            var (_, response) = await FireAsync(step, orderId, customer, ops);
            Assert.True(response.IsSuccessStatusCode, $"arranging {status}: {step} failed with {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Fires a trigger the way it happens in production: payments from the system, refund requests from the customer, the rest from an operator.</summary>
    private async Task<(OrderActor Actor, HttpResponseMessage Response)> FireAsync(OrderTrigger trigger, string orderId, HttpClient customer, HttpClient ops)
    {
        switch (trigger)
        {
            case OrderTrigger.MarkPaid:
                var result = await server.MarkPaidAsync(orderId);
                var problem = result.IsSuccess ? null : result.Error.ToProblem();
                var response = new HttpResponseMessage(problem is null ? HttpStatusCode.OK : (HttpStatusCode)problem.StatusCode);
                if (problem is not null)
                {
                    response.Content = JsonContent.Create(new { code = problem.ProblemDetails.Extensions["code"], status = problem.StatusCode, traceId = "-" },
                        mediaType: new System.Net.Http.Headers.MediaTypeHeaderValue("application/problem+json"));
                }

                return (OrderActor.System, response);
            case OrderTrigger.RequestRefund:
                return (OrderActor.Customer, await customer.PostAsJsonAsync($"/api/v1/orders/{orderId}/refund-request", new { reason = "不想要了" }));
            case OrderTrigger.Ship:
                return (OrderActor.Operator, await ops.PostAsJsonAsync($"/api/v1/admin/orders/{orderId}/ship", new { carrier = "SF", trackingNumber = "SF1" }));
            case OrderTrigger.Cancel:
                return (OrderActor.Operator, await ops.PostAsync($"/api/v1/admin/orders/{orderId}/cancel", null));
            case OrderTrigger.Complete:
                return (OrderActor.Operator, await ops.PostAsync($"/api/v1/admin/orders/{orderId}/complete", null));
            case OrderTrigger.ApproveRefund:
                return (OrderActor.Operator, await ops.PostAsync($"/api/v1/admin/orders/{orderId}/approve-refund", null));
            case OrderTrigger.RejectRefund:
                return (OrderActor.Operator, await ops.PostAsJsonAsync($"/api/v1/admin/orders/{orderId}/reject-refund", new { reason = "已拆封" }));
            default:
                throw new ArgumentOutOfRangeException(nameof(trigger));
        }
    }
}

public sealed class OrderLifecycleTestsOnSqlite(SqliteServer server) : OrderLifecycleTests<SqliteServer>(server);

public sealed class OrderLifecycleTestsOnPostgres(PostgresServer server) : OrderLifecycleTests<PostgresServer>(server);
