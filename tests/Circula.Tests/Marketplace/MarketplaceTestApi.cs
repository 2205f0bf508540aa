using System.Net;
using System.Net.Http.Json;
using Circula.Identity.Contracts;
using Circula.Marketplace.Search;
using Circula.Tests.Infrastructure;
using Circula.Tests.Recycling;
using Circula.Tests.Uploads;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Circula.Tests.Marketplace;

public sealed record ListingImageDto(string Id, string Url, string ThumbnailUrl);

public sealed record LocationDto(double Latitude, double Longitude, string District);

public sealed record ListingDto(string Id, string SellerId, string Title, string Description, long CategoryId, string Condition, long PriceFen,
    List<ListingImageDto> Images, LocationDto Location, string Status, int Version, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PublishedAt = null,
    string? ReviewReason = null, double? DistanceMetres = null, List<string>? FlaggedWords = null);

public sealed record ListingPageDto(List<ListingDto> Items, int Page, int PageSize, long Total);

public sealed record ListingStepDto(string From, string To, string Trigger, string Actor, string? ActorUserId, string? Reason);

public sealed record ListingDetailDto(ListingDto Listing, List<ListingStepDto> History);

/// <summary>A spot of the map of its own (in Qinghai, far from the demo listings and from every other test's), so geo results are the test's only.</summary>
public sealed record TestSpot(double Latitude, double Longitude);

public static class MarketplaceTestApi
{
    private static int _spots;
    private static int _images;

    public static TestSpot NewSpot()
    {
        var n = Interlocked.Increment(ref _spots);
        return new TestSpot(35 + n % 50 * 0.5, 95 + n / 50 * 0.5);
    }

    public static object Listing(TestSpot spot, string title = "九成新 iPhone 13", string description = "自用一年，功能正常。", long priceFen = 259_900,
        double north = 0, double east = 0, string[]? imageIds = null) => new
    {
        title, description, categoryId = 1, condition = "like-new", priceFen, imageIds = imageIds ?? [],
        location = new { latitude = spot.Latitude + north, longitude = spot.Longitude + east, district = "测试区" },
    };

    /// <summary>Writes search documents straight into the index, each in its own transaction (as ListingSearchSync does in a listing's).</summary>
    public static Task IndexAsync(this CirculaServer server, params ListingSearchDocument[] docs) => server.WithScopeAsync(async sp =>
    {
        foreach (var doc in docs)
        {
            await sp.GetRequiredService<ListingSearchIndex>().UpsertAsync(doc, CancellationToken.None);
        }

        return 0;
    });

    /// <summary>A verified seller: a customer who bound a phone.</summary>
    public static async Task<SignedInUser> SellerAsync(this CirculaServer server)
    {
        var seller = await server.CreateUserAsync(Roles.Customer);
        await (await seller.Client.PutAsJsonAsync("/api/v1/me/phone", new { phone = "13912345678" })).ShouldBe(HttpStatusCode.NoContent);
        return seller;
    }

    public static async Task<ListingDto> DraftAsync(this SignedInUser seller, object listing) =>
        await (await seller.Client.PostAsJsonAsync("/api/v1/listings", listing)).ReadAs<ListingDto>(HttpStatusCode.Created);

    /// <summary>A listing written, submitted and approved: published.</summary>
    public static async Task<ListingDto> PublishedAsync(this CirculaServer server, SignedInUser seller, object listing)
    {
        var draft = await seller.DraftAsync(listing);
        await (await seller.Client.PostAsync($"/api/v1/listings/{draft.Id}/submit")).ShouldBe(HttpStatusCode.OK);
        using var admin = await server.AdminClientAsync();
        return await (await admin.PostAsync($"/api/v1/admin/marketplace/listings/{draft.Id}/approve")).ReadAs<ListingDto>();
    }

    /// <summary>Uploads <paramref name="count"/> different images as <paramref name="user"/>; their upload ids.</summary>
    public static async Task<string[]> UploadImagesAsync(this SignedInUser user, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            // A shade no earlier call used: the same bytes twice would be one upload (deduplicated), answered 200.
            var shade = (byte)(Interlocked.Increment(ref _images) * 29 % 256);
            using var form = TestImages.Form(TestImages.Make(SKEncodedImageFormat.Jpeg, 32, 24, shade), $"item-{i}.jpg");
            ids.Add((await (await user.Client.PostAsync("/api/v1/uploads", form)).ReadAs<UploadDto>(HttpStatusCode.Created)).Id);
        }

        return [.. ids];
    }

    public static async Task<string[]> RefusedFieldsAsync(this HttpResponseMessage response) =>
        (await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed")).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToArray();
}
