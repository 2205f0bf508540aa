using System.Text.Json;
using Circula.Marketplace.Contracts;
using Circula.Shared;
using Circula.Shared.Geo;

namespace Circula.Marketplace.Listings;

/// <summary>A seller's own listings, optionally of one status (kebab-case: draft, pending-review, active, ...).</summary>
public sealed record MyListingsQuery(string? Status, int Page = 1, int PageSize = 20) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.CheckPaging(Page, PageSize);
        ListingStatuses.Parse(errors, "status", Status);
    }
}

/// <summary>Operators' list: a status (pending-review is the moderation queue) and whether the blocklist flagged them.</summary>
public sealed record OperatorListingsQuery(string? Status, bool? Flagged, int Page = 1, int PageSize = 20) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.CheckPaging(Page, PageSize);
        ListingStatuses.Parse(errors, "status", Status);
    }
}

/// <summary>Published listings within <see cref="RadiusKm"/> (default 5, at most 50) of a point in GCJ-02 degrees.</summary>
public sealed record NearbyQuery(double? Lat, double? Lng, double? RadiusKm, int Page = 1, int PageSize = 20) : IValidatable
{
    public const double DefaultRadiusKm = 5;

    public void Validate(FieldErrors errors)
    {
        errors.Coordinates("lat", Lat, "lng", Lng);
        if (RadiusKm is { } radius && radius is not (> 0 and <= ListingQueries.MaxRadiusKm))
        {
            errors.Add("radiusKm", $"must be more than 0 and at most {ListingQueries.MaxRadiusKm} km.");
        }

        errors.CheckPaging(Page, PageSize);
    }
}

/// <summary>Published listings inside a GeoJSON Polygon (positions [longitude, latitude] in GCJ-02), a page of them.</summary>
public sealed record WithinRequest(JsonElement Polygon, int Page = 1, int PageSize = 20) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        GeoJsonPolygon.Parse(Polygon, errors.Under("polygon"));
        errors.CheckPaging(Page, PageSize);
    }
}

/// <summary>Why an operator rejects or takes down a listing; the seller sees it.</summary>
public sealed record ModerationReason(string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("reason", Reason, 200, TextKind.MultiLine);
}

public static class ListingStatuses
{
    public static string Name(ListingStatus status) => ListingRequest.Kebab(status);

    /// <summary>The status a kebab-case name stands for; null (and an error when one was given) otherwise.</summary>
    public static ListingStatus? Parse(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var status = Enum.GetValues<ListingStatus>().Select(s => (ListingStatus?)s).FirstOrDefault(s => Name(s!.Value) == value);
        if (status is null)
        {
            errors.Add(field, $"must be one of {string.Join(", ", Enum.GetValues<ListingStatus>().Select(Name))}.");
        }

        return status;
    }

    /// <summary>The status of a query that was validated already.</summary>
    public static ListingStatus? Of(string? value) => Parse(new FieldErrors(), "status", value);
}
