using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;

namespace Circula.Ordering.Endpoints;

/// <summary>A reason for a transition; required where the endpoint says so.</summary>
public sealed record TransitionRequest(string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Optional("reason", Reason, 200, TextKind.MultiLine);
}

public sealed record RefundRequest(string Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("reason", Reason, 200, TextKind.MultiLine);
}

public sealed record ShipRequest(string Carrier, string TrackingNumber) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("carrier", Carrier, 32, TextKind.Name);
        errors.Required("trackingNumber", TrackingNumber, 64, TextKind.Name);
    }
}

/// <summary>
/// A seller's shipment of their sale: a carrier and its tracking number, or neither (handed over in person); the
/// whole body may be left out.
/// </summary>
public sealed record SellerShipRequest(string? Carrier, string? TrackingNumber) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Optional("carrier", Carrier, 32, TextKind.Name);
        errors.Optional("trackingNumber", TrackingNumber, 64, TextKind.Name);
        if (string.IsNullOrWhiteSpace(Carrier) != string.IsNullOrWhiteSpace(TrackingNumber))
        {
            errors.Add(string.IsNullOrWhiteSpace(Carrier) ? "carrier" : "trackingNumber", "is required with the other: send both or neither.");
        }
    }
}

/// <summary>The operators' order list query string, with the services that answer it.</summary>
public sealed record OrderListQuery(
    string? Status, string? Number, long? CustomerId, string? Phone, DateTimeOffset? PlacedFrom, DateTimeOffset? PlacedTo,
    CirculaDbContext Db, IUserDirectory Users, int Page = 1, int PageSize = 20)
{
    public OrderListFilter ToFilter() =>
        new(Status, Page, PageSize, CustomerId, Number, Phone, PlacedFrom?.UtcDateTime, PlacedTo?.UtcDateTime);
}
