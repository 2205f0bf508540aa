using System.Text.Json;
using Circula.Data;
using Circula.Notifications.Delivery;
using Circula.Identity.Contracts;
using Circula.Ordering.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Circula.Notifications.Feed;

/// <summary>An event as a stream sends it: its outbox id (the stream's event id), type, time and payload.</summary>
public sealed record FeedEvent(long Id, string Type, DateTime OccurredAt, string Payload)
{
    /// <summary>The data line: the same envelope a webhook receives.</summary>
    public string Json() => EventJson.Envelope(Id, Type, OccurredAt, Payload);
}

/// <summary>What one read found for the audience, and the cursor to read after next (past what it skipped too).</summary>
public sealed record FeedRead(IReadOnlyList<FeedEvent> Events, long Cursor);

/// <summary>
/// Who a stream is for: operators see every event; a customer sees the events of their own orders, payments and refunds.
/// Ownership of a payment or refund event is asked of Ordering once per order and remembered for the stream's life.
/// </summary>
public sealed class FeedAudience
{
    public static readonly IReadOnlyList<string> CustomerTypes =
        [OrderPlaced.EventType, OrderStatusChanged.EventType, PaymentStatusChanged.EventType, RefundStatusChanged.EventType];

    private readonly Dictionary<long, bool> _ownsOrder = [];

    private FeedAudience(UserId? customer) => Customer = customer;

    public UserId? Customer { get; }

    public static FeedAudience Operators() => new(null);

    public static FeedAudience CustomerOf(long userId) => new(UserId.From(userId));

    public async Task<bool> SeesAsync(FeedEvent e, IOrderPayments orders, CancellationToken ct)
    {
        if (Customer is not { } me)
        {
            return true;
        }

        using var json = JsonDocument.Parse(e.Payload);
        var data = json.RootElement;
        if (data.TryGetProperty("customerId", out var customer))
        {
            return customer.GetString() == me.ToString();
        }

        var orderId = long.Parse(data.GetProperty("orderId").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        if (!_ownsOrder.TryGetValue(orderId, out var owns))
        {
            _ownsOrder[orderId] = owns = await orders.GetPayableAsync(OrderId.From(orderId), me, ct) is not null;
        }

        return owns;
    }
}

/// <summary>
/// Reads committed events from the outbox table, so every replica serves the same stream. Outbox ids are Snowflake ids
/// taken before commit, so a transaction that commits late can land behind an id already sent: each read looks back
/// <see cref="LookBack"/> behind the cursor and skips what this stream already sent.
/// </summary>
public sealed class EventFeed(CirculaDbContext db, IOrderPayments orders)
{
    public const int BatchSize = 200;

    /// <summary>How far (in Snowflake time) a read looks behind the cursor for late commits.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromSeconds(5);

    private const int TimestampShift = 22;

    /// <summary>The newest outbox id: a stream without Last-Event-ID starts after it.</summary>
    public async Task<long> LatestIdAsync(CancellationToken ct) =>
        await db.Set<OutboxMessage>().MaxAsync(m => (long?)m.Id, ct) ?? 0;

    /// <summary>
    /// Up to <see cref="BatchSize"/> events after <paramref name="cursor"/>, and any late commits just behind it that
    /// <paramref name="sent"/> lacks, that <paramref name="audience"/> sees; oldest first.
    /// </summary>
    public async Task<FeedRead> ReadAsync(long cursor, FeedAudience audience, SentEvents sent, CancellationToken ct)
    {
        var floor = Math.Max(sent.StartedAfter, cursor - ((long)LookBack.TotalMilliseconds << TimestampShift));
        sent.Forget(floor);
        var behind = await For(audience).Where(m => m.Id > floor && m.Id <= cursor).Select(m => m.Id).ToListAsync(ct);
        var late = behind.Where(id => !sent.Contains(id)).ToList();
        var rows = late.Count == 0 ? [] : await Rows(For(audience).Where(m => late.Contains(m.Id)), ct);
        var next = await Rows(For(audience).Where(m => m.Id > cursor).Take(BatchSize), ct);
        rows.AddRange(next);

        var events = new List<FeedEvent>();
        foreach (var row in rows)
        {
            sent.Add(row.Id);
            if (await audience.SeesAsync(row, orders, ct))
            {
                events.Add(row);
            }
        }

        return new FeedRead(events, next.Count == 0 ? cursor : next[^1].Id);
    }

    private IQueryable<OutboxMessage> For(FeedAudience audience)
    {
        var query = db.Set<OutboxMessage>().AsNoTracking().OrderBy(m => m.Id).AsQueryable();
        return audience.Customer is null ? query : query.Where(m => FeedAudience.CustomerTypes.Contains(m.Type));
    }

    private static Task<List<FeedEvent>> Rows(IQueryable<OutboxMessage> query, CancellationToken ct) =>
        query.Select(m => new FeedEvent(m.Id, m.Type, m.OccurredAt, m.Payload)).ToListAsync(ct);
}

/// <summary>The ids a stream already took within the look-back window, and where it started (nothing at or before that is sent).</summary>
public sealed class SentEvents(long startedAfter)
{
    private readonly HashSet<long> _ids = [];

    public long StartedAfter { get; } = startedAfter;

    public bool Contains(long id) => _ids.Contains(id);

    public void Add(long id) => _ids.Add(id);

    public void Forget(long below) => _ids.RemoveWhere(id => id <= below);
}
