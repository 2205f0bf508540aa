using Circula.Catalog.Contracts;
using Circula.Ordering;
using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Ordering;

/// <summary>What the order's entities guarantee by construction: money derived from the snapshot, answers recorded once.</summary>
public sealed class OrderEntityTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DeliveryAddress Address = new("李四", "13912345678", "浙江省", "杭州市", "西湖区", "文三路 1 号");
    private static readonly PiiProtector Pii = new(Options.Create(new PiiOptions { EncryptionKey = CirculaServer.PiiEncryptionKey, HashKey = CirculaServer.PiiHashKey }));

    private static SkuForSale Sku(long id, long priceFen) => new(id, 5, "帆布袋", $"BAG-{id}", new Dictionary<string, string> { ["color"] = "green" }, priceFen, true);

    [Fact]
    public void A_placed_order_totals_its_lines_and_records_its_customer_placing_it()
    {
        var order = Order.Place(7, 42, [OrderLine.Of(Sku(1, 1990), 3), OrderLine.Of(Sku(2, 500), 1)], Address, Pii, "  请放门口 ", Now, Now.AddMinutes(30));

        Assert.Equal([5970L, 500L], order.Lines.Select(l => l.LineTotalFen));
        Assert.Equal(6470, order.TotalFen);
        Assert.Equal((OrderStatus.PendingPayment, "请放门口", "浙江省 杭州市 西湖区"), (order.Status, order.Remark, order.Region));
        Assert.Equal(Address, DeliveryAddress.Decrypt(Pii, order.AddressCipher));
        var placed = Assert.Single(order.History);
        Assert.Equal(((OrderStatus?)null, OrderStatus.PendingPayment, OrderActor.Customer, (long?)42, "placed", Now),
            (placed.FromStatus, placed.ToStatus, placed.Actor, placed.ActorUserId, placed.Reason, placed.CreatedAt));
    }

    [Fact]
    public void A_line_total_that_overflows_throws_instead_of_wrapping() =>
        Assert.Throws<OverflowException>(() => OrderLine.Of(Sku(1, long.MaxValue / 2), 3));

    [Fact]
    public void An_idempotency_key_records_one_answer()
    {
        var claim = IdempotencyRecord.Claim(42, "key-1", "hash", Now, TimeSpan.FromHours(24));
        Assert.Null(claim.Answer);
        Assert.Equal(Now.AddHours(24), claim.ExpiresAt);

        claim.Record(new IdempotentAnswer(201, "/api/v1/orders/7", "{}"));

        Assert.Equal(new IdempotentAnswer(201, "/api/v1/orders/7", "{}"), claim.Answer);
        Assert.Throws<InvalidOperationException>(() => claim.Record(new IdempotentAnswer(201, "/api/v1/orders/8", "{}")));
    }
}
