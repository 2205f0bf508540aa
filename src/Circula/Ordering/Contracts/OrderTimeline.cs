namespace Circula.Ordering.Contracts;

/// <summary>When an order passed its milestones, for other modules' rules (a seller's credit for shipping on time).</summary>
public interface IOrderTimeline
{
    /// <summary>When the order became paid, or null when it never was (or does not exist).</summary>
    Task<DateTime?> PaidAtAsync(OrderId orderId, CancellationToken ct);
}
