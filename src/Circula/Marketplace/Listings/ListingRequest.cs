using System.Text.Json;
using Circula.Shared;
using Circula.Shared.Geo;
using Circula.Uploads.Contracts;

namespace Circula.Marketplace.Listings;

/// <summary>How worn a second-hand item is; in JSON kebab-case (<c>like-new</c>, <c>for-parts</c>).</summary>
public enum ListingCondition
{
    New,
    LikeNew,
    Good,
    Fair,
    ForParts,
}

/// <summary>Where the item can be seen and picked up: GCJ-02 degrees (as Chinese map SDKs and wx.getLocation give them) and the district.</summary>
public sealed record ListingLocation(double? Latitude, double? Longitude, string? District);

/// <summary>
/// What a seller writes for a listing, for a new draft and for every edit (the whole listing each time): title, description,
/// category, condition, price in fen, up to <see cref="MaxImages"/> ids of images the seller uploaded (POST /api/v1/uploads), and the location.
/// </summary>
public sealed record ListingRequest(string? Title, string? Description, long CategoryId, string? Condition, long PriceFen, IReadOnlyList<string>? ImageIds,
    ListingLocation? Location) : IValidatable
{
    public const int MaxTitle = 60;
    public const int MaxDescription = 2000;
    public const int MaxImages = 9;

    /// <summary>¥1,000,000: far above any second-hand item sold here, low enough that a slipped finger is caught.</summary>
    public const long MaxPriceFen = 100_000_000;

    public void Validate(FieldErrors errors)
    {
        errors.Required("title", Title, MaxTitle, TextKind.Name);
        errors.Required("description", Description, MaxDescription, TextKind.MultiLine);
        if (CategoryId <= 0)
        {
            errors.Add("categoryId", "is required (GET /api/v1/listings/categories lists them).");
        }

        CheckCondition(errors, "condition", Condition);
        errors.Range("priceFen", PriceFen, 1, MaxPriceFen);
        UploadIds.Validate(errors, "imageIds", ImageIds, MaxImages);

        if (Location is null)
        {
            errors.Add("location", "is required: latitude, longitude (GCJ-02) and district.");
            return;
        }

        errors.Coordinates("location.latitude", Location.Latitude, "location.longitude", Location.Longitude);
        errors.Required("location.district", Location.District, 32, TextKind.Name);
    }

    public static void CheckCondition(FieldErrors errors, string field, string? value)
    {
        if (ParseCondition(value) is null)
        {
            errors.Add(field, $"must be one of {string.Join(", ", Enum.GetValues<ListingCondition>().Select(Kebab))}.");
        }
    }

    public static ListingCondition? ParseCondition(string? value) =>
        Enum.GetValues<ListingCondition>().Select(c => (ListingCondition?)c).FirstOrDefault(c => Kebab(c!.Value) == value);

    public static string Kebab<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
