using Microsoft.OpenApi;

namespace Circula.Shared.OpenApi;

/// <summary>
/// One meaning per parameter name across the API, so the same name is described the same way everywhere. A parameter
/// that is neither here nor described at its endpoint (<c>[Description]</c>) fails the contract test.
/// </summary>
public static class ParameterGlossary
{
    /// <summary>Query names bind case-insensitively, and [AsParameters] records document theirs in PascalCase.</summary>
    private static readonly Dictionary<string, string> Query = new(StringComparer.OrdinalIgnoreCase)
    {
        ["onShelf"] = "true: only products on the shelf; false: only those off it; omit for both.",
        ["placedFrom"] = "Only orders placed at or after this time (ISO 8601).",
        ["placedTo"] = "Only orders placed before this time (ISO 8601).",
        ["days"] = "How many days back from today (China time) the statistics cover.",
        ["outcome"] = "Only anomalies with this outcome (for example amount_mismatch).",
        ["page"] = "Page number, from 1.",
        ["pageSize"] = "Items per page, 1 to 100.",
        ["categoryId"] = "Only products in this category or any category below it.",
        ["keyword"] = "Words to find in the product's name or subtitle.",
        ["minPrice"] = "Lowest price in fen (1 yuan = 100 fen), compared with the product's cheapest SKU.",
        ["maxPrice"] = "Highest price in fen, compared with the product's cheapest SKU.",
        ["sort"] = "Order of the results: newest, price_asc, price_desc or name.",
        ["kind"] = "Only categories of this kind: shop or recycling.",
        ["customerId"] = "Only orders of this customer (a user id).",
        ["number"] = "Only the order with this order number.",
        ["orderId"] = "The order whose payments to list (an order id).",
        ["phone"] = "Only those with exactly this mainland mobile number (users, or the customers of orders).",
        ["role"] = "Only users with this role.",
        ["provider"] = "Only reports of this payment provider.",
        ["type"] = "Only messages of this event type (for example order.paid.v1).",
        ["lastEventId"] = "Resume after this event id (the same as the Last-Event-ID header); omit to start with new events.",
        ["appid"] = "The mini program's AppID.",
        ["secret"] = "The mini program's AppSecret.",
        ["js_code"] = "The code from wx.login().",
        ["grant_type"] = "Always authorization_code.",
        ["lat"] = "Latitude of the address in GCJ-02 degrees (as Chinese map SDKs and wx.getLocation give it), -90 to 90.",
        ["lng"] = "Longitude of the address in GCJ-02 degrees, -180 to 180.",
        ["date"] = "A calendar day in China time, yyyy-MM-dd.",
        ["slotStart"] = "Only appointments in the slot starting at this time (ISO 8601, UTC).",
        ["areaId"] = "Only appointments in this service area (its id).",
        ["collectorId"] = "Only appointments given to this collector (their user id).",
        ["token"] = "The download token from the bill download URL.",
        ["appointmentId"] = "Only the payout of this appointment (an appointment id).",
        ["radiusKm"] = "How far from lat/lng to look, in kilometres: more than 0, at most 50 (default 5).",
        ["flagged"] = "true: only listings the keyword blocklist flagged; false: only clean ones; omit for both.",
    };

    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Idempotency-Key"] = "A key you choose for this request (for example a UUID), 1 to 128 printable ASCII characters. " +
            "Sending the same key and body again returns the first answer (with Idempotent-Replayed: true) instead of placing a second order; " +
            "the same key with another body is 409.",
        ["If-Match"] = "The ETag (the version) from your last read: the write is refused with 412 concurrency_conflict if it changed since. Omit to write unconditionally.",
        ["If-None-Match"] = "The ETag from your last read: 304 Not Modified (no body) if the product is unchanged.",
        ["Last-Event-ID"] = "Resume after this event id; browsers' EventSource sends it by itself when it reconnects.",
    };

    /// <summary>Path parameters are named after what they identify; <c>id</c> identifies the resource named before it.</summary>
    private static readonly Dictionary<string, string> Resources = new(StringComparer.Ordinal)
    {
        ["addresses"] = "address",
        ["appointments"] = "appointment",
        ["areas"] = "service area",
        ["bills"] = "bill reconciliation report",
        ["categories"] = "category",
        ["listings"] = "listing",
        ["collectors"] = "collector",
        ["orders"] = "order",
        ["outbox"] = "outbox message",
        ["payouts"] = "payout",
        ["payments"] = "payment",
        ["products"] = "product",
        ["quotes"] = "quote",
        ["robots"] = "robot",
        ["sales"] = "sale",
        ["synonyms"] = "synonym group",
        ["tasks"] = "pickup task (appointment)",
        ["users"] = "user",
        ["webhooks"] = "webhook",
    };

    /// <summary>The description of parameter <paramref name="name"/> at <paramref name="path"/>, or null when the glossary has none.</summary>
    public static string? Describe(string name, ParameterLocation? location, string path) => location switch
    {
        ParameterLocation.Query when name.Equals("status", StringComparison.OrdinalIgnoreCase) => ListedResource(path) is { } listed ? $"Only the {listed}s in this status." : null,
        ParameterLocation.Query => Query.GetValueOrDefault(name),
        ParameterLocation.Header => Headers.GetValueOrDefault(name),
        ParameterLocation.Path => PathParameter(name, path),
        _ => null,
    };

    /// <summary>What a list path lists: its last segment, or the one before <c>/mine</c>.</summary>
    private static string? ListedResource(string path) =>
        ResourceOf(path, path.Split('/').Length - (path.EndsWith("/mine", StringComparison.Ordinal) ? 2 : 1));

    private static string? ResourceOf(string path, int segment) =>
        path.Split('/') is var segments && segment >= 0 && segment < segments.Length ? Resources.GetValueOrDefault(segments[segment]) : null;

    private static string? PathParameter(string name, string path)
    {
        switch (name)
        {
            case "skuId":
                return "The SKU's id.";
            case "eventType":
                return "The event type, for example order.placed.v1 (GET /api/v1/admin/notifications/catalog lists them).";
            case "notice":
                return "The customer notice, for example order.shipped (GET /api/v1/admin/subscribe-templates lists them).";
            case "categoryId":
                return "The recycling category's id (GET /api/v1/recycling/categories lists them).";
            case "userId":
                return path.Contains("/collectors/", StringComparison.Ordinal) ? "The collector's user id."
                    : path.Contains("/marketplace/", StringComparison.Ordinal) ? "The user's id (a seller, or whoever's credit it is)." : null;
            case "word":
                return "The blocked word, as the blocklist lists it.";
            case "deliveryId":
                return "The delivery's id, from the deliveries list.";
            case "outTradeNo":
                return "Our payment's out_trade_no.";
            case "outBillNo":
                return "Our merchant transfer bill's out_bill_no (a payout number, PO and the appointment id).";
            case "id":
                // Route patterns may carry constraints: {id:long}.
                var at = Array.FindIndex(path.Split('/'), s => s == "{id}" || s.StartsWith("{id:", StringComparison.Ordinal));
                return ResourceOf(path, at - 1) is { } resource ? $"The {resource}'s id." : null;
            default:
                return null;
        }
    }
}
