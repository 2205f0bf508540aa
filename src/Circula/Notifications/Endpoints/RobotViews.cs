using Circula.Notifications.Delivery;
using Circula.Notifications.Robots;

namespace Circula.Notifications.Endpoints;

/// <summary>A robot as operators see it: never its URL's key nor its secret, only whether it has one.</summary>
public sealed record RobotView(long Id, string Name, string Provider, string Format, string UrlHost, bool HasSecret, IReadOnlyList<string> Events,
    string Status, string? FlagReason, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static readonly RobotView Example = new(1, "门店运营群", "wecom", "markdown", "https://qyapi.weixin.qq.com", false,
        ["order.placed.v1", "order.status-changed.v1"], "active", null, new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static RobotView From(Robot r) => new(r.Id, r.Name, r.Provider, r.Format, r.UrlHint, r.ProtectedSecret is not null, EventFilter.Read(r.EventTypes),
        r.Status.ToString().ToLowerInvariant(), r.FlagReason, r.CreatedAt, r.UpdatedAt);
}

/// <summary>One call made for a delivery.</summary>
public sealed record AttemptView(int Attempt, DateTime AttemptedAt, int? HttpStatus, string Outcome, string? Response);

/// <summary>A delivery of one event to one robot or webhook, with every attempt made.</summary>
public sealed record DeliveryView(string Id, string EventId, string EventType, string Status, int Attempts, DateTime NextAttemptAt, DateTime? DeliveredAt,
    string? LastResult, IReadOnlyList<AttemptView> AttemptLog)
{
    public static readonly DeliveryView Example = new("7212345678901234567", "7212345678800000000", "order.placed.v1", "delivered", 2,
        new DateTime(2026, 5, 1, 2, 0, 5, DateTimeKind.Utc), new DateTime(2026, 5, 1, 2, 0, 5, DateTimeKind.Utc), "Delivered 0: {\"errcode\":0,\"errmsg\":\"ok\"}",
        [
            new(1, new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc), 200, "retry", "RetryLater 45009: {\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}"),
            new(2, new DateTime(2026, 5, 1, 2, 0, 5, DateTimeKind.Utc), 200, "delivered", "Delivered 0: {\"errcode\":0,\"errmsg\":\"ok\"}"),
        ]);

    public static DeliveryView From(DeliveryLogEntry e) => new(e.Delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        e.Delivery.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Delivery.EventType, e.Delivery.Status.ToString().ToLowerInvariant(),
        e.Delivery.Attempts, e.Delivery.NextAttemptAt, e.Delivery.DeliveredAt, e.Delivery.LastResult,
        e.Attempts.Select(a => new AttemptView(a.Attempt, a.AttemptedAt, a.HttpStatus, a.Outcome, a.Response)).ToList());
}
