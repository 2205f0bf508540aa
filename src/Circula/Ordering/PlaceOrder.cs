using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Circula.Catalog.Contracts;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Inventory.Contracts;
using Circula.Ordering.Contracts;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.Timers;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Circula.Ordering;

public sealed record OrderLineRequest(long SkuId, int Quantity);

public sealed record PlaceOrderRequest(IReadOnlyList<OrderLineRequest> Lines, DeliveryAddress Address, string? Remark) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Lines is null || Lines.Count == 0)
        {
            errors.Add("lines", "must contain at least one line.");
        }
        else if (Lines.Count > OrderingOptions.MaxLines)
        {
            errors.Add("lines", $"must contain at most {OrderingOptions.MaxLines} lines.");
        }
        else
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                if (Lines[i] is null)
                {
                    errors.Add($"lines[{i}]", "is required.");
                }
                else if (Lines[i].Quantity < 1)
                {
                    errors.Add($"lines[{i}].quantity", "must be at least 1.");
                }
                else if (Lines.Take(i).Any(l => l?.SkuId == Lines[i].SkuId))
                {
                    errors.Add($"lines[{i}].skuId", "appears twice; put the whole quantity on one line.");
                }
            }
        }

        if (Address is null)
        {
            errors.Add("address", "is required.");
        }
        else
        {
            Address.Validate(errors, "address.");
        }

        errors.Optional("remark", Remark, 200);
    }
}

/// <summary>
/// Places an order in one transaction: claim the idempotency key, snapshot prices, reserve every line (all or
/// nothing), write the order, its history, the payment-timeout timer and the OrderPlaced event.
/// </summary>
public static class PlaceOrder
{
    public const string PaymentTimeoutTimer = "order.payment-timeout";

    public static async Task<IResult> Handle(
        PlaceOrderRequest request,
        [FromHeader(Name = IdempotencyStore.HeaderName)] string? idempotencyKey,
        ClaimsPrincipal principal,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CirculaDbContext db,
        IdempotencyStore idempotency,
        ISkuCatalog catalog,
        IStockLedger stock,
        SnowflakeIdGenerator ids,
        Outbox outbox,
        DurableTimers timers,
        PiiProtector pii,
        TimeProvider clock,
        IOptions<OrderingOptions> options,
        CancellationToken ct)
    {
        if (IdempotencyStore.CheckHeader(idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var serializer = json.Value.SerializerOptions;
        var customerId = principal.UserId();
        var requestHash = IdempotencyStore.Hash("POST /api/v1/orders", JsonSerializer.Serialize(request, serializer));
        if (await idempotency.FindAsync(customerId, idempotencyKey!, requestHash, ct) is { } earlier)
        {
            return earlier;
        }

        if (request.Lines.FirstOrDefault(l => l.Quantity > options.Value.MaxQuantityPerLine) is { } tooMany)
        {
            return ApiProblems.Unprocessable("quantity_limit_exceeded",
                $"At most {options.Value.MaxQuantityPerLine} of one SKU per order (SKU {tooMany.SkuId}).",
                new Dictionary<string, string[]> { [$"lines[{IndexOf(request, tooMany)}].quantity"] = [$"must be at most {options.Value.MaxQuantityPerLine}."] });
        }

        var skus = await catalog.GetAsync(request.Lines.Select(l => l.SkuId).ToList(), ct);
        if (request.Lines.FirstOrDefault(l => !skus.TryGetValue(l.SkuId, out var s) || !s.IsSellable) is { } unavailable)
        {
            return ApiProblems.Unprocessable("sku_unavailable", $"SKU {unavailable.SkuId} does not exist or is not on sale.",
                new Dictionary<string, string[]> { [$"lines[{IndexOf(request, unavailable)}].skuId"] = ["is not on sale."] });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = await idempotency.ClaimAsync(customerId, idempotencyKey!, requestHash, ct);
        if (claim is null)
        {
            // A concurrent twin committed first: answer what it answered.
            await transaction.RollbackAsync(ct);
            return await idempotency.FindAsync(customerId, idempotencyKey!, requestHash, ct)
                ?? ApiProblems.Conflict("idempotency_key_in_use", "A request with this Idempotency-Key is in progress; retry shortly.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var order = NewOrder(request, skus, customerId, ids.NextId(), pii, now, options.Value.PaymentTimeout);
        var shortage = await stock.ReserveAsync(order.Lines.Select(l => new StockLine(l.SkuId, l.Quantity)).ToList(), order.Id, ct);
        if (shortage is not null)
        {
            await transaction.RollbackAsync(ct);
            return InsufficientStock(shortage, IndexOf(request, request.Lines.First(l => l.SkuId == shortage.SkuId)));
        }

        db.Set<Order>().Add(order);
        timers.Schedule(PaymentTimeoutTimer, order.Id, order.PaymentDeadline);
        outbox.Add(new OrderPlaced(OrderId.From(order.Id), order.Number, UserId.From(customerId), order.TotalFen, order.PaymentDeadline,
            order.Lines.Select(l => new OrderPlacedLine(SkuId.From(l.SkuId), l.Quantity, l.UnitPriceFen)).ToList()));

        var view = OrderView.From(order, request.Address, OrderActor.Customer);
        claim.StatusCode = StatusCodes.Status201Created;
        claim.Location = $"/api/v1/orders/{order.Id}";
        claim.ResponseBody = JsonSerializer.Serialize(view, serializer);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created(claim.Location, view);
    }

    private static Order NewOrder(PlaceOrderRequest request, IReadOnlyDictionary<long, SkuForSale> skus, long customerId, long id,
        PiiProtector pii, DateTime now, TimeSpan paymentTimeout)
    {
        var lines = request.Lines.Select(l =>
        {
            var sku = skus[l.SkuId];
            return new OrderLine
            {
                SkuId = sku.SkuId,
                ProductId = sku.ProductId,
                ProductName = sku.ProductName,
                SkuCode = sku.SkuCode,
                Specs = new Dictionary<string, string>(sku.Specs),
                UnitPriceFen = sku.PriceFen,
                Quantity = l.Quantity,
                LineTotalFen = checked(sku.PriceFen * l.Quantity),
            };
        }).ToList();
        return new Order
        {
            Id = id,
            Number = OrderNumber.For(id, now),
            CustomerId = customerId,
            TotalFen = lines.Sum(l => l.LineTotalFen),
            AddressCipher = request.Address.Encrypt(pii),
            Region = request.Address.Region,
            Remark = string.IsNullOrWhiteSpace(request.Remark) ? null : request.Remark.Trim(),
            PaymentDeadline = now + paymentTimeout,
            CreatedAt = now,
            Lines = lines,
            History = [new OrderHistoryEntry { ToStatus = OrderStatus.PendingPayment, Actor = OrderActor.Customer, ActorUserId = customerId, Reason = "placed", CreatedAt = now }],
        };
    }

    private static IResult InsufficientStock(StockShortage shortage, int lineIndex)
    {
        var skuId = shortage.SkuId.ToString(CultureInfo.InvariantCulture);
        var problem = ApiProblems.Create(StatusCodes.Status409Conflict, StockErrorCodes.InsufficientStock, "Insufficient stock",
            $"SKU {skuId} has {shortage.Available} available; {shortage.Requested} requested.",
            new Dictionary<string, string[]> { [$"lines[{lineIndex}].quantity"] = [$"only {shortage.Available} available."] });
        problem.ProblemDetails.Extensions["skuId"] = skuId;
        problem.ProblemDetails.Extensions["available"] = shortage.Available;
        return problem;
    }

    private static int IndexOf(PlaceOrderRequest request, OrderLineRequest line) => request.Lines.ToList().IndexOf(line);
}
