using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Circula.Uploads.Images;
using Circula.Uploads.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Circula.Uploads.Endpoints;

/// <summary>
/// An accepted image: <see cref="Url"/> and <see cref="ThumbnailUrl"/> are paths on this server (put the API origin in
/// front); <see cref="Bytes"/> is the size of the stored, re-encoded image.
/// </summary>
public sealed record UploadView(string Id, string Url, string ThumbnailUrl, int Width, int Height, string ContentType, long Bytes, DateTime CreatedAt)
{
    public static readonly UploadView Example = new("7214567890123456789", "/uploads/3f6c0a9e8b2d4c1f9a7e5d3b1c0f2e4a.jpg",
        "/uploads/9b1d3f5a7c9e0b2d4f6a8c0e1b3d5f7a.jpg", 2048, 1536, "image/jpeg", 412_345, new DateTime(2026, 5, 1, 2, 0, 0, DateTimeKind.Utc));

    public static UploadView From(Upload u) => new(u.Id.ToString(CultureInfo.InvariantCulture), ImageUploads.UrlOf(u.ImageKey),
        ImageUploads.UrlOf(u.ThumbnailKey), u.Width, u.Height, u.ContentType, u.Bytes, u.CreatedAt);
}

/// <summary>The multipart form an upload is: the image in the field <c>file</c> (what wx.uploadFile sends with <c>name: 'file'</c>).</summary>
public sealed record UploadForm(IFormFile File);

/// <summary>
/// <c>POST /api/v1/uploads</c> for any signed-in user, and <c>GET /uploads/{key}</c> serving what was stored, from either
/// storage (an S3 bucket is read by this server, not redirected to, so it stays private and the headers are these):
/// immutable caching (a key's content never changes), an ETag, the stored type and nosniff.
/// </summary>
public static partial class UploadEndpoints
{
    public const string FileField = "file";

    /// <summary>Room for the multipart framing around the file itself.</summary>
    private const long FormOverhead = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/uploads", Upload).WithTags("Uploads").WithName("UploadImage")
            .WithSummary("Upload an image (multipart/form-data, field file; wx.uploadFile with name 'file'): JPEG, PNG or WebP by its first bytes, " +
                "decoded whole, re-encoded upright without EXIF/GPS, at most Circula:Uploads:MaxSide pixels on its long side, with a thumbnail. " +
                "The same file from the same user answers the upload they already have (200, same id); a new one is 201. " +
                "413 payload_too_large over Circula:Uploads:MaxBytes; 415 unsupported_media_type for a body that is not multipart/form-data; 422 unsupported_image for anything else (SVG, HTML, GIF, truncated, bytes after the image)")
            .RequireAuthorization().RequireRateLimiting(UploadsModule.UploadRateLimit)
            .Accepts<UploadForm>("multipart/form-data").WithRequestExample(new { file = "(the bytes of a JPEG, PNG or WebP image)" })
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithResponseExample(UploadView.Example, StatusCodes.Status201Created).WithResponseExample(UploadView.Example);
        app.MapGet("/uploads/{key}", Serve).WithTags("Uploads").WithName("GetUploadedImage")
            .WithSummary("A stored image or thumbnail by its key (the url and thumbnailUrl of an upload): public to whoever has the unguessable key, " +
                "cached for a year as immutable, with an ETag (If-None-Match answers 304) and X-Content-Type-Options: nosniff")
            .AllowAnonymous().Produces(StatusCodes.Status200OK, contentType: "image/jpeg").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseHeader("Cache-Control", "public, max-age=31536000, immutable: what is under a key never changes.", StatusCodes.Status200OK)
            .WithResponseHeader("ETag", "The key, quoted.", StatusCodes.Status200OK);
    }

    public static async Task<Results<Created<UploadView>, Ok<UploadView>, ProblemHttpResult>> Upload(HttpRequest request, ClaimsPrincipal user,
        ImageUploads uploads, IOptions<UploadsOptions> options, CancellationToken ct)
    {
        var maxBytes = options.Value.MaxBytes;
        if (request.ContentLength > maxBytes + FormOverhead)
        {
            return TooLarge(maxBytes);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + FormOverhead;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(maxBytes);
        }
        catch (InvalidDataException)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest, "Malformed request", "The multipart body is malformed.");
        }

        if (form.Files.GetFile(FileField) is not { } file)
        {
            return MissingFile();
        }

        if (file.Length > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        var uploaded = await uploads.UploadAsync(user.UserId(), content, ct);
        if (!uploaded.IsSuccess)
        {
            return uploaded.Error.ToProblem();
        }

        var (upload, created) = uploaded.Value;
        return created ? TypedResults.Created(ImageUploads.UrlOf(upload.ImageKey), UploadView.From(upload)) : TypedResults.Ok(UploadView.From(upload));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Serve(
        [Description("A stored image's key: the last part of an upload's url or thumbnailUrl.")] string key, HttpResponse response, IUploadStorage storage, CancellationToken ct)
    {
        if (!KeyPattern().IsMatch(key) || await storage.OpenAsync(key, ct) is not { } content)
        {
            return ApiProblems.NotFound("Upload");
        }

        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var format = ImageFormat.ByExtension(key[(key.LastIndexOf('.') + 1)..])!;
        return TypedResults.Stream(content, format.ContentType, entityTag: new EntityTagHeaderValue($"\"{key[..32]}\""));
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, "Payload too large",
        $"The file is larger than {maxBytes} bytes; send a smaller image.");

    private static ProblemHttpResult MissingFile() =>
        ApiProblems.Validation(FileField, "is required: send multipart/form-data with the image in the field 'file'.");

    [GeneratedRegex(StoredKeys.Pattern)]
    private static partial Regex KeyPattern();
}
