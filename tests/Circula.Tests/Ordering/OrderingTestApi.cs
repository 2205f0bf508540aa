using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Catalog;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Ordering;
using Circula.Ordering.Contracts;
using Circula.Shared.Outbox;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Circula.Tests.Catalog;
using Circula.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Ordering;

public sealed record OrderLineDto(string SkuId, string ProductName, long UnitPriceFen, int Quantity, long LineTotalFen);

public sealed record OrderHistoryDto(string? From, string To, string Actor, string? Reason);

public sealed record OrderDto(string Id, string Number, string Status, long TotalFen, List<OrderLineDto> Lines, JsonElement Address,
    List<string> AllowedActions, List<OrderHistoryDto> History, DateTime PaymentDeadline, string? Carrier, string? TrackingNumber);

public sealed record TestSku(long ProductId, long Id);

internal static class OrderingTestApi
{
    public static readonly object Address = new { name = "李四", phone = "13912345678", province = "浙江省", city = "杭州市", district = "西湖区", detail = "文三路 1 号" };

    /// <summary>A new on-shelf product with one SKU of <paramref name="stock"/>.</summary>
    public static async Task<TestSku> CreateSkuAsync(this CirculaServer server, int stock, long priceFen = 1990)
    {
        var admin = await server.AdminClientAsync();
        var category = await admin.CreateCategoryAsync(CatalogTestApi.Unique("订单测试"));
        var product = await admin.CreateProductAsync(new CreateProductRequest(category.Id, CatalogTestApi.Unique("帆布袋"), null, "说明",
            new Dictionary<string, string>(), null, [CatalogTestApi.Sku(priceFen, stock: stock)]));
        return new TestSku(product.Id, product.Skus.Single().Id);
    }

    public static Task<HttpResponseMessage> PlaceAsync(this HttpClient client, string? key, params (long SkuId, int Quantity)[] lines) =>
        client.PlaceAsync(key, new { lines = lines.Select(l => new { skuId = l.SkuId, quantity = l.Quantity }), address = Address, remark = "测试" });

    /// <summary>
    /// Places one piece of <paramref name="sku"/> as a client should: an overloaded server (its connection pool used up) answers
    /// 503 with Retry-After, never 500, and the same Idempotency-Key is sent again after that wait.
    /// </summary>
    public static async Task<HttpResponseMessage> PlaceRetryingAsync(this HttpClient client, string key, TestSku sku)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.PlaceAsync(key, (sku.Id, 1));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 5)
            {
                return response;
            }

            await response.ShouldBeProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? throw new InvalidOperationException("A 503 without Retry-After."));
        }
    }

    public static Task<HttpResponseMessage> PlaceAsync(this HttpClient client, string? key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    public static async Task<OrderDto> PlaceOkAsync(this HttpClient client, TestSku sku, int quantity = 1, string? key = null) =>
        await (await client.PlaceAsync(key ?? Guid.NewGuid().ToString(), (sku.Id, quantity))).ReadAs<OrderDto>(HttpStatusCode.Created);

    public static async Task<int> AvailableAsync(this CirculaServer server, TestSku sku) => (await server.StockAsync(sku)).Available;

    public static async Task<(int OnHand, int Reserved, int Available)> StockAsync(this CirculaServer server, TestSku sku)
    {
        var admin = await server.AdminClientAsync();
        var level = await (await admin.GetAsync($"/api/v1/admin/inventory/{sku.Id}")).ReadAs<JsonElement>();
        return (level.GetProperty("onHand").GetInt32(), level.GetProperty("reserved").GetInt32(), level.GetProperty("available").GetInt32());
    }

    /// <summary>A new customer's order, marked paid by this service call (no payment behind it), whose customer then asked for a refund.</summary>
    public static async Task<(OrderDto Order, SignedInUser Customer)> RefundRequestedWithoutPaymentAsync(this CirculaServer server)
    {
        var sku = await server.CreateSkuAsync(stock: 5);
        var customer = await server.CreateUserAsync(Roles.Customer);
        var order = await customer.Client.PlaceOkAsync(sku);
        await server.MarkPaidAsync(order.Id);
        await (await customer.Client.PostAsJsonAsync($"/api/v1/orders/{order.Id}/refund-request", new { reason = "坏了" })).ShouldBe(HttpStatusCode.OK);
        return (order, customer);
    }

    /// <summary>Payment lands in a later issue; until then the verified-payment path is this service call.</summary>
    public static Task<Result<Order>> MarkPaidAsync(this CirculaServer server, string orderId) =>
        server.WithScopeAsync(sp => sp.GetRequiredService<OrderTransitions>()
            .ApplyAsync(long.Parse(orderId, System.Globalization.CultureInfo.InvariantCulture), OrderTrigger.MarkPaid, Requester.System, "test payment", CancellationToken.None));

    /// <summary>The types of the events Ordering raised about the order, oldest first (other modules' events about it are left out).</summary>
    public static async Task<List<string>> OrderEventTypesAsync(this CirculaServer server, string orderId) =>
        (await server.OrderEventsAsync(orderId)).Select(m => m.Type).ToList();

    /// <summary>The order's order.status-changed.v1 events, oldest first.</summary>
    public static async Task<List<OrderStatusChanged>> StatusChangesAsync(this CirculaServer server, string orderId) =>
        (await server.OrderEventsAsync(orderId)).Where(m => m.Type == OrderStatusChanged.EventType)
            .Select(m => JsonSerializer.Deserialize<OrderStatusChanged>(m.Payload, Outbox.JsonOptions)!).ToList();

    private static Task<List<OutboxMessage>> OrderEventsAsync(this CirculaServer server, string orderId)
    {
        string[] orderingTypes = [OrderPlaced.EventType, OrderStatusChanged.EventType];
        var aboutOrder = $"\"orderId\":\"{orderId}\"";
        return server.WithScopeAsync(sp => sp.GetRequiredService<CirculaDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => orderingTypes.Contains(m.Type) && m.Payload.Contains(aboutOrder)).OrderBy(m => m.Id).ToListAsync());
    }
}
