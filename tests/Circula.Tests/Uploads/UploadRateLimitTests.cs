using System.Net;
using Circula.Identity.Contracts;
using Circula.Tests.Infrastructure;
using SkiaSharp;

namespace Circula.Tests.Uploads;

/// <summary>Uploads are rate-limited per signed-in user (Circula:RateLimits:UploadsPerMinute): one user's burst does not hold back another.</summary>
public abstract class UploadRateLimitTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    public const int UploadsPerMinute = 3;

    [Fact]
    public async Task A_user_past_the_limit_gets_429_with_retry_after_and_another_user_still_uploads()
    {
        var busy = await server.CreateUserAsync(Roles.Customer);
        var other = await server.CreateUserAsync(Roles.Collector);
        for (byte shade = 0; shade < UploadsPerMinute; shade++)
        {
            await (await Upload(busy, shade)).ShouldBe(HttpStatusCode.Created);
        }

        var refused = await Upload(busy, 200);
        await refused.ShouldBeProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        await (await Upload(other, 201)).ShouldBe(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> Upload(SignedInUser user, byte shade) =>
        user.Client.PostAsync("/api/v1/uploads", TestImages.Form(TestImages.Make(SKEncodedImageFormat.Png, 16, 16, shade), "a.png"));
}

public sealed class RateLimitedUploadSqliteServer : SqliteServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, $"Circula:RateLimits:UploadsPerMinute={UploadRateLimitTests<SqliteServer>.UploadsPerMinute}"];
}

public sealed class RateLimitedUploadPostgresServer : PostgresServer
{
    protected override IEnumerable<string> ExtraSettings => [.. base.ExtraSettings, $"Circula:RateLimits:UploadsPerMinute={UploadRateLimitTests<PostgresServer>.UploadsPerMinute}"];
}

public sealed class UploadRateLimitTestsOnSqlite(RateLimitedUploadSqliteServer server) : UploadRateLimitTests<RateLimitedUploadSqliteServer>(server);

public sealed class UploadRateLimitTestsOnPostgres(RateLimitedUploadPostgresServer server) : UploadRateLimitTests<RateLimitedUploadPostgresServer>(server);
