using Circula.Recycling.Contracts;
using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.Ids;
using Circula.Uploads.Contracts;

namespace Circula.Recycling.Appointments;

/// <summary>A customer's reason for cancelling or rejecting a price (optional).</summary>
public sealed record CustomerReason(string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Optional("reason", Reason, 200, TextKind.MultiLine);
}

/// <summary>An operator's or collector's reason for cancelling (required: the customer is told why).</summary>
public sealed record StaffReason(string? Reason) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Required("reason", Reason, 200, TextKind.MultiLine);
}

/// <summary>The collector an operator gives a pickup to (their user id).</summary>
public sealed record AssignRequest(string? CollectorId) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (CollectorNumber is null)
        {
            errors.Add("collectorId", "must be a collector's user id (a string of digits).");
        }
    }

    public long? CollectorNumber => DigitId.Parse(CollectorId);
}

/// <summary>
/// What the collector weighed: the items with their actual quantities and answers, priced like a quote (its checks are the
/// quote's), and optionally up to <see cref="MaxPhotos"/> photos of them: ids of images the collector uploaded.
/// </summary>
public sealed record WeighingRequest(IReadOnlyList<QuoteItemInput>? Items, IReadOnlyList<string>? PhotoIds = null) : IValidatable
{
    public const int MaxPhotos = 9;

    public void Validate(FieldErrors errors)
    {
        if (Items is null)
        {
            errors.Add("items", "is required: the items as weighed.");
        }

        UploadIds.Validate(errors, "photoIds", PhotoIds, MaxPhotos);
    }

    /// <summary>The photo ids as numbers, in order (after <see cref="Validate"/> has passed).</summary>
    public IReadOnlyList<long> PhotoNumbers => UploadIds.Numbers(PhotoIds);
}

/// <summary>How the customer is paid (<c>cash</c> or <c>wechat-transfer</c>), and for money handed over in person, how much was paid (fen).</summary>
public sealed record CompleteRequest(string? PayoutMethod, long? PaidFen) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("payoutMethod", PayoutMethod, 32, TextKind.Name);
        if (PaidFen is < 0)
        {
            errors.Add("paidFen", "must not be negative.");
        }
    }
}

/// <summary>Which appointments operators list: a China day, optionally one slot of it, one status, one area and one collector (ids as digits).</summary>
public sealed record AppointmentListQuery(DateOnly? Date, DateTime? SlotStart, string? Status, string? AreaId = null, string? CollectorId = null) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Date is null)
        {
            errors.Add("date", "is required (yyyy-MM-dd, China time).");
        }

        if (Status is not null && StatusValue is null)
        {
            errors.Add("status", $"must be one of {string.Join(", ", Enum.GetValues<AppointmentStatus>().Select(s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString())))}.");
        }

        if (AreaId is not null && AreaNumber is null)
        {
            errors.Add("areaId", "must be a service area id (a string of digits).");
        }

        if (CollectorId is not null && CollectorNumber is null)
        {
            errors.Add("collectorId", "must be a collector's user id (a string of digits).");
        }
    }

    public long? AreaNumber => DigitId.Parse(AreaId);

    public long? CollectorNumber => DigitId.Parse(CollectorId);

    public AppointmentStatus? StatusValue =>
        Enum.GetValues<AppointmentStatus>().Select(s => (AppointmentStatus?)s)
            .FirstOrDefault(s => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()!) == Status);
}

/// <summary>A China calendar day: whose tasks a collector lists, whose slot fill operators see.</summary>
public sealed record ChinaDayQuery(DateOnly? Date) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Date is null)
        {
            errors.Add("date", "is required (yyyy-MM-dd, China time).");
        }
    }
}
