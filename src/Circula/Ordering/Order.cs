using Circula.Ordering.Contracts;
using Circula.Shared;
using Circula.Shared.StateMachines;

namespace Circula.Ordering;

/// <summary>
/// The order aggregate, made by <see cref="Place"/>: lines and prices are snapshots taken when it was placed and never change; its status and the
/// times it records move only through <see cref="OrderStateMachine"/> (see <see cref="OrderTransitions"/>).
/// </summary>
public sealed class Order : IStateMachineSubject<OrderStatus>
{
    private Order()
    {
    }

    /// <summary>Snowflake id.</summary>
    public long Id { get; init; }

    /// <summary>"ORD" + placement date (Beijing) + the Snowflake id: unique, sortable, safe to show.</summary>
    public required string Number { get; init; }

    public long CustomerId { get; init; }

    /// <summary>The seller of a marketplace listing this order buys (its one line is the listing); null for shop orders.</summary>
    public long? SellerId { get; init; }

    public OrderStatus Status { get; private set; } = OrderStatus.PendingPayment;

    /// <summary>The sum of the lines' totals, fixed when the order is placed.</summary>
    public long TotalFen { get; private init; }

    /// <summary>AES-GCM ciphertext of the delivery address as JSON (name, phone, street are PII).</summary>
    public required string AddressCipher { get; init; }

    /// <summary>Province/city/district in clear, for routing and statistics.</summary>
    public required string Region { get; init; }

    public string? Remark { get; init; }

    public DateTime PaymentDeadline { get; init; }

    public DateTime? PaidAt { get; private set; }

    public DateTime? ShippedAt { get; private set; }

    public string? Carrier { get; private set; }

    public string? TrackingNumber { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public DateTime? CancelledAt { get; private set; }

    public string? CancelReason { get; private set; }

    public DateTime? RefundRequestedAt { get; private set; }

    public string? RefundReason { get; private set; }

    public DateTime? RefundedAt { get; private set; }

    /// <summary>Placement time; a new order was last updated then too (EF reads both columns through their backing fields).</summary>
    public DateTime CreatedAt
    {
        get;
        init
        {
            field = value;
            UpdatedAt = value;
        }
    }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: two transitions of one order can never both win.</summary>
    public int Version { get; private set; } = 1;

    public List<OrderLine> Lines { get; init; } = [];

    public List<OrderHistoryEntry> History { get; init; } = [];

    /// <summary>
    /// A new order waiting for payment until <paramref name="paymentDeadline"/>: its total is the sum of its lines and its
    /// first history row records the customer placing it. A marketplace order names the listing's <paramref name="sellerId"/>.
    /// </summary>
    public static Order Place(long id, long customerId, List<OrderLine> lines, DeliveryAddress address, PiiProtector pii, string? remark,
        DateTime placedAt, DateTime paymentDeadline, long? sellerId = null) => new()
    {
        Id = id,
        Number = OrderNumber.For(id, placedAt),
        CustomerId = customerId,
        SellerId = sellerId,
        TotalFen = lines.Sum(l => l.LineTotalFen),
        AddressCipher = address.Encrypt(pii),
        Region = address.Region,
        Remark = string.IsNullOrWhiteSpace(remark) ? null : remark.Trim(),
        PaymentDeadline = paymentDeadline,
        CreatedAt = placedAt,
        Lines = lines,
        History = [OrderHistoryEntry.Placed(customerId, placedAt)],
    };

    /// <summary>Carrier and tracking number of a shipped order (recorded with its Ship transition).</summary>
    public void RecordShipment(string? carrier, string? trackingNumber)
    {
        if (Status != OrderStatus.Shipped)
        {
            throw new InvalidOperationException($"Order {Id} is {Status}; a shipment is recorded only with its Ship transition.");
        }

        Carrier = carrier;
        TrackingNumber = trackingNumber;
    }

    void IStateMachineSubject<OrderStatus>.Enter(OrderStatus status, string? reason, DateTime at)
    {
        Status = status;
        UpdatedAt = at;
        Version++;
        switch (status)
        {
            // Paid again after a rejected refund request: the money arrived at the first time, which statistics count.
            case OrderStatus.Paid: PaidAt ??= at; break;
            case OrderStatus.Shipped: ShippedAt = at; break;
            case OrderStatus.Completed: CompletedAt = at; break;
            case OrderStatus.Cancelled: CancelledAt = at; CancelReason = reason; break;
            case OrderStatus.RefundRequested: RefundRequestedAt = at; RefundReason = reason; break;
            case OrderStatus.Refunded: RefundedAt = at; break;
        }
    }
}
