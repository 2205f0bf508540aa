using System.Text.Json;
using Circula.Marketplace.Contracts;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace.Listings;

/// <summary>
/// A second-hand item a user sells: what it is, its price in fen, its images (ids of the upload service, kept as given)
/// and where it is (GCJ-02). Its status and the times it records move only through <see cref="ListingStateMachine"/>;
/// the seller's edits go through <see cref="Edit"/>, which says whether the listing may still be edited.
/// </summary>
public sealed class Listing : IStateMachineSubject<ListingStatus>
{
    private Listing()
    {
    }

    public long Id { get; private set; }

    public long SellerId { get; private init; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public long CategoryId { get; private set; }

    public ListingCondition Condition { get; private set; }

    public long PriceFen { get; private set; }

    /// <summary>The images as a JSON array (see <see cref="ImageList"/>).</summary>
    public string Images { get; private set; } = "[]";

    public double Latitude { get; private set; }

    public double Longitude { get; private set; }

    public string District { get; private set; } = "";

    public ListingStatus Status { get; private set; } = ListingStatus.Draft;

    /// <summary>The blocked words the title and description held when last checked, as a JSON array; null when clean.</summary>
    public string? FlaggedWords { get; private set; }

    /// <summary>Why an operator rejected or took the listing down; cleared when it is submitted again.</summary>
    public string? ReviewReason { get; private set; }

    /// <summary>Optimistic concurrency: every edit and transition bumps it, so of two racing writes one fails.</summary>
    public int Version { get; private set; } = 1;

    public DateTime CreatedAt { get; private init; }

    public DateTime UpdatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    /// <summary>When an operator (or auto-approval) last published it.</summary>
    public DateTime? PublishedAt { get; private set; }

    /// <summary>The listing's images as the upload service answered for them when the seller wrote it (its URLs never change).</summary>
    public IReadOnlyList<ListingImage> ImageList => JsonSerializer.Deserialize<List<ListingImage>>(Images, JsonSerializerOptions.Web) ?? [];

    public IReadOnlyList<string> Flagged => FlaggedWords is null ? [] : JsonSerializer.Deserialize<List<string>>(FlaggedWords) ?? [];

    /// <summary>Anyone may see it (published, held by an order or sold); otherwise only its seller.</summary>
    public bool IsPublic => Status is ListingStatus.Active or ListingStatus.Reserved or ListingStatus.Sold;

    /// <summary>Whether the seller may still change it: not while an order holds it or after it sold.</summary>
    public bool IsEditable => Status is not (ListingStatus.Reserved or ListingStatus.Sold);

    public static Listing Draft(long sellerId, ListingRequest request, IReadOnlyList<ListingImage> images, DateTime now)
    {
        var listing = new Listing { SellerId = sellerId, CreatedAt = now };
        listing.Write(request, images, now);
        return listing;
    }

    /// <summary>Replaces everything the seller wrote (a request is the whole listing); only while <see cref="IsEditable"/>.</summary>
    public void Edit(ListingRequest request, IReadOnlyList<ListingImage> images, DateTime now)
    {
        if (!IsEditable)
        {
            throw new InvalidOperationException($"Listing {Id} is {Status}; it cannot be edited.");
        }

        Write(request, images, now);
        Version++;
    }

    private void Write(ListingRequest request, IReadOnlyList<ListingImage> images, DateTime now)
    {
        Title = request.Title!.Trim();
        Description = request.Description!.Trim();
        CategoryId = request.CategoryId;
        Condition = ListingRequest.ParseCondition(request.Condition)!.Value;
        PriceFen = request.PriceFen;
        Images = JsonSerializer.Serialize(images, JsonSerializerOptions.Web);
        (Latitude, Longitude, District) = (request.Location!.Latitude!.Value, request.Location.Longitude!.Value, request.Location.District!.Trim());
        UpdatedAt = now;
    }

    /// <summary>Records what the blocklist found in the title and description (nothing: clean).</summary>
    public void RecordFlags(IReadOnlyList<string> words) => FlaggedWords = words.Count == 0 ? null : JsonSerializer.Serialize(words);

    void IStateMachineSubject<ListingStatus>.Enter(ListingStatus status, string? reason, DateTime at)
    {
        var from = Status;
        Status = status;
        UpdatedAt = at;
        Version++;
        switch (status)
        {
            case ListingStatus.PendingReview: SubmittedAt = at; ReviewReason = null; break;
            case ListingStatus.Active when from == ListingStatus.PendingReview: PublishedAt = at; break;
            case ListingStatus.Rejected: ReviewReason = reason; break;
        }
    }
}

/// <summary>One of a listing's images: the upload's id and its URLs (paths on this server).</summary>
public sealed record ListingImage(string Id, string Url, string ThumbnailUrl)
{
    public static ListingImage From(Circula.Uploads.Contracts.UploadRef upload) =>
        new(upload.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), upload.Url, upload.ThumbnailUrl);
}
