namespace Circula.Ordering;

/// <summary>The order aggregate: lines and prices are snapshots taken when it was placed; status moves only through <see cref="OrderStateMachine"/>.</summary>
public sealed class Order
{
    /// <summary>Snowflake id.</summary>
    public long Id { get; set; }

    /// <summary>"ORD" + placement date (Beijing) + the Snowflake id: unique, sortable, safe to show.</summary>
    public required string Number { get; set; }

    public long CustomerId { get; set; }

    public OrderStatus Status { get; set; }

    public long TotalFen { get; set; }

    /// <summary>AES-GCM ciphertext of the delivery address as JSON (name, phone, street are PII).</summary>
    public required string AddressCipher { get; set; }

    /// <summary>Province/city/district in clear, for routing and statistics.</summary>
    public required string Region { get; set; }

    public string? Remark { get; set; }

    public DateTime PaymentDeadline { get; set; }

    public DateTime? PaidAt { get; set; }

    public DateTime? ShippedAt { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTime? CompletedAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? CancelReason { get; set; }

    public DateTime? RefundRequestedAt { get; set; }

    public string? RefundReason { get; set; }

    public DateTime? RefundedAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: two transitions of one order can never both win.</summary>
    public int Version { get; set; } = 1;

    public List<OrderLine> Lines { get; set; } = [];

    public List<OrderHistoryEntry> History { get; set; } = [];
}

public sealed class OrderLine
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public long SkuId { get; set; }

    public long ProductId { get; set; }

    public required string ProductName { get; set; }

    public required string SkuCode { get; set; }

    public Dictionary<string, string> Specs { get; set; } = [];

    public long UnitPriceFen { get; set; }

    public int Quantity { get; set; }

    public long LineTotalFen { get; set; }
}

/// <summary>One status change: from, to, who and why.</summary>
public sealed class OrderHistoryEntry
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public OrderStatus? FromStatus { get; set; }

    public OrderStatus ToStatus { get; set; }

    public OrderActor Actor { get; set; }

    public long? ActorUserId { get; set; }

    public string? Reason { get; set; }

    public DateTime CreatedAt { get; set; }
}
