using System.Net;
using System.Net.Http.Json;
using System.Text;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using SkiaSharp;

namespace Circula.Tests.Uploads;

public sealed record UploadDto(string Id, string Url, string ThumbnailUrl, int Width, int Height, string ContentType, long Bytes);

/// <summary>
/// <c>POST /api/v1/uploads</c> and <c>GET /uploads/{key}</c> over HTTP on each database and each storage: what is accepted
/// and how it is stored (re-encoded, upright, without EXIF), what is refused, dedupe by content (also under a race), and
/// the headers the files are served with.
/// </summary>
public abstract class UploadTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer, IUploadServer
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, "image/jpeg")]
    [InlineData(SKEncodedImageFormat.Png, "image/png")]
    [InlineData(SKEncodedImageFormat.Webp, "image/webp")]
    public async Task An_image_is_stored_re_encoded_within_the_size_cap_with_a_thumbnail_and_served_immutable_with_nosniff(SKEncodedImageFormat format,
        string contentType)
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var upload = await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(TestImages.Make(format, 800, 600), "photo.bin", "application/octet-stream")))
            .ReadAs<UploadDto>(HttpStatusCode.Created);
        Assert.Equal((contentType, 400, 300), (upload.ContentType, upload.Width, upload.Height));

        var served = await server.Client.GetAsync(upload.Url);
        await served.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(contentType, served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl!.ToString());
        Assert.Equal(["nosniff"], served.Headers.GetValues("X-Content-Type-Options"));
        var image = await served.Content.ReadAsByteArrayAsync();
        Assert.Equal(upload.Bytes, image.Length);
        Assert.Equal((format, 400, 300), Decoded(image));

        var thumbnail = await (await server.Client.GetAsync(upload.ThumbnailUrl)).Content.ReadAsByteArrayAsync();
        Assert.Equal((format, 100, 75), Decoded(thumbnail));

        using var again = new HttpRequestMessage(HttpMethod.Get, upload.Url);
        again.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await server.Client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Exif_orientation_is_applied_and_exif_with_gps_is_not_stored()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var sent = TestImages.WithExif(TestImages.Make(SKEncodedImageFormat.Jpeg, 40, 20), orientation: 6);
        using (var codec = SKCodec.Create(new SKMemoryStream(sent)))
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        }

        Assert.True(TestImages.HasApp1(sent) && TestImages.Contains(sent, "Exif"));

        var upload = await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(sent, "IMG_0001.jpg"))).ReadAs<UploadDto>(HttpStatusCode.Created);
        Assert.Equal((20, 40), (upload.Width, upload.Height));
        var stored = await server.Client.GetByteArrayAsync(upload.Url);
        Assert.False(TestImages.HasApp1(stored));
        Assert.False(TestImages.Contains(stored, "Exif"));
        using var bitmap = SKBitmap.Decode(stored);
        // Turned clockwise: the red left half is now on top, the blue right half below.
        Assert.True(bitmap.GetPixel(10, 5) is { Red: > 200, Blue: < 60 }, $"top is {bitmap.GetPixel(10, 5)}");
        Assert.True(bitmap.GetPixel(10, 35) is { Red: < 60, Blue: > 200 }, $"bottom is {bitmap.GetPixel(10, 35)}");
    }

    public static TheoryData<string, byte[]> Refused()
    {
        var jpeg = TestImages.Make(SKEncodedImageFormat.Jpeg, 64, 48);
        var png = TestImages.Make(SKEncodedImageFormat.Png, 64, 48);
        var webp = TestImages.Make(SKEncodedImageFormat.Webp, 64, 48);
        byte[] zip = [.. "PK\u0003\u0004"u8, .. Encoding.ASCII.GetBytes("evil.html<script>alert(1)</script>"), .. "PK\u0005\u0006"u8, .. new byte[18]];
        return new TheoryData<string, byte[]>
        {
            { "text named .jpg", Encoding.UTF8.GetBytes("just some text, not a picture\n") },
            { "svg with a script", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>") },
            { "html", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>") },
            { "gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3B] },
            { "png header on garbage", [.. png[..8], .. Encoding.ASCII.GetBytes(new string('x', 200))] },
            { "png with a broken chunk", [.. png[..40], 0xDE, 0xAD, .. png[42..]] },
            { "truncated jpeg", jpeg[..(jpeg.Length * 2 / 3)] },
            { "truncated png", png[..(png.Length - 20)] },
            { "truncated webp", webp[..(webp.Length - 10)] },
            { "jpeg with a zip appended", [.. jpeg, .. zip] },
            { "jpeg with html appended", [.. jpeg, .. Encoding.ASCII.GetBytes("<html><script>alert(1)</script></html>")] },
            { "png with html appended", [.. png, .. Encoding.ASCII.GetBytes("<script>alert(1)</script>")] },
            { "webp with a zip appended", [.. webp, .. zip] },
        };
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Anything_but_a_whole_jpeg_png_or_webp_is_refused(string what, byte[] content)
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var response = await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(content, "photo.jpg"));
        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "unsupported_image");
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()), what);
    }

    [Fact]
    public async Task Too_large_missing_or_anonymous_uploads_are_refused_with_problems()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var noise = new byte[300 * 1024];
        Random.Shared.NextBytes(noise);
        await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form([0xFF, 0xD8, 0xFF, .. noise], "big.jpg")))
            .ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        var missing = await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(TestImages.Make(SKEncodedImageFormat.Png, 8, 8), "a.png", field: "image")))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["file"], missing.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await (await user.Client.PostAsync("/api/v1/uploads", new StringContent("{}", Encoding.UTF8, "application/json")))
            .ShouldBeProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await server.Client.PostAsync("/api/v1/uploads", TestImages.Form(TestImages.Make(SKEncodedImageFormat.Png, 8, 8), "a.png")))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await server.Client.GetAsync("/uploads/0123456789abcdef0123456789abcdef.jpg")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
        await (await server.Client.GetAsync("/uploads/..%2F..%2Fcircula.db")).ShouldBeProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_same_file_from_the_same_user_is_the_same_upload_and_another_user_gets_their_own()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var other = await server.CreateUserAsync(Roles.Customer);
        var png = TestImages.Make(SKEncodedImageFormat.Png, 30, 30, shade: 7);
        var first = await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(png, "a.png"))).ReadAs<UploadDto>(HttpStatusCode.Created);
        var second = await (await user.Client.PostAsync("/api/v1/uploads", TestImages.Form(png, "b.png"))).ReadAs<UploadDto>(HttpStatusCode.OK);
        Assert.Equal(first, second);
        var theirs = await (await other.Client.PostAsync("/api/v1/uploads", TestImages.Form(png, "a.png"))).ReadAs<UploadDto>(HttpStatusCode.Created);
        Assert.NotEqual(first.Id, theirs.Id);
        Assert.NotEqual(first.Url, theirs.Url);
        Assert.DoesNotContain(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png))[..16], first.Url);
        await NoFileWithoutItsRowAsync();
    }

    [Fact]
    public async Task Parallel_uploads_of_one_file_by_one_user_store_it_once()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var jpeg = TestImages.Make(SKEncodedImageFormat.Jpeg, 300, 200, shade: 99);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => user.Client.PostAsync("/api/v1/uploads", TestImages.Form(jpeg, "same.jpg"))));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        var uploads = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<UploadDto>(HttpAssertions.Json)));
        Assert.Single(uploads.Select(u => u!.Id).Distinct());
        Assert.Equal(1L, Convert.ToInt64(await server.Database.ScalarAsync($"SELECT COUNT(*) FROM uploads WHERE owner_user_id = {user.Id}")));
        await NoFileWithoutItsRowAsync();
    }

    /// <summary>Every stored object belongs to a row (two per upload): a lost race removed its files.</summary>
    private async Task NoFileWithoutItsRowAsync()
    {
        var rows = Convert.ToInt64(await server.Database.ScalarAsync("SELECT COUNT(*) FROM uploads"));
        Assert.Equal(rows * 2, (await server.StoredKeysAsync()).Count);
    }

    private static (SKEncodedImageFormat, int, int) Decoded(byte[] image)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(image));
        return (codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }
}

public sealed class UploadTestsOnSqlite(SqliteUploadServer server) : UploadTests<SqliteUploadServer>(server);

public sealed class UploadTestsOnPostgres(PostgresUploadServer server) : UploadTests<PostgresUploadServer>(server);

public sealed class UploadTestsOnS3WithSqlite(SqliteS3UploadServer server) : UploadTests<SqliteS3UploadServer>(server);

public sealed class UploadTestsOnS3WithPostgres(PostgresS3UploadServer server) : UploadTests<PostgresS3UploadServer>(server);
