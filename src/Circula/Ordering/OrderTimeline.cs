using Circula.Data;
using Circula.Ordering.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Circula.Ordering;

/// <summary>Reads an order's milestones from its history rows.</summary>
internal sealed class OrderTimeline(CirculaDbContext db) : IOrderTimeline
{
    public async Task<DateTime?> PaidAtAsync(OrderId orderId, CancellationToken ct) =>
        await db.Set<OrderHistoryEntry>().AsNoTracking()
            .Where(h => h.OrderId == orderId.Value && h.ToStatus == OrderStatus.Paid && h.FromStatus == OrderStatus.PendingPayment)
            .Select(h => (DateTime?)h.CreatedAt).FirstOrDefaultAsync(ct);
}
