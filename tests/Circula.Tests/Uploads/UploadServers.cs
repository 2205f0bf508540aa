using Circula.Tests.Infrastructure;
using Circula.Uploads.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Uploads;

/// <summary>A server whose stored objects the upload tests can count, whatever its storage.</summary>
public interface IUploadServer
{
    /// <summary>Every key in the server's storage, read around its storage code.</summary>
    Task<List<string>> StoredKeysAsync();
}

/// <summary>Limits small enough for quick tests: 256 KiB files, 400 px images, 100 px thumbnails, no rate limit in the way.</summary>
internal static class UploadSettings
{
    public static IEnumerable<string> With(IEnumerable<string> settings) =>
    [
        .. settings, "Circula:Uploads:MaxBytes=262144", "Circula:Uploads:MaxSide=400", "Circula:Uploads:ThumbnailSide=100",
        "Circula:RateLimits:UploadsPerMinute=1000",
    ];

    public static Task<List<string>> LocalKeysAsync(IServiceProvider services) =>
        Task.FromResult(services.GetRequiredService<IUploadStorage>() is LocalUploadStorage local && Directory.Exists(local.Root)
            ? Directory.EnumerateFiles(local.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetFileName(f)).ToList()
            : []);
}

public sealed class SqliteUploadServer : SqliteServer, IUploadServer
{
    protected override IEnumerable<string> ExtraSettings => UploadSettings.With(base.ExtraSettings);

    public Task<List<string>> StoredKeysAsync() => UploadSettings.LocalKeysAsync(Services);
}

public sealed class PostgresUploadServer : PostgresServer, IUploadServer
{
    protected override IEnumerable<string> ExtraSettings => UploadSettings.With(base.ExtraSettings);

    public Task<List<string>> StoredKeysAsync() => UploadSettings.LocalKeysAsync(Services);
}

public sealed class SqliteS3UploadServer : SqliteServer, IUploadServer
{
    public S3rver S3 { get; } = new();

    protected override IEnumerable<string> ExtraSettings => [.. UploadSettings.With(base.ExtraSettings), .. S3.ServerSettings];

    protected override Task StartDependenciesAsync() => S3.StartAsync();

    protected override ValueTask StopDependenciesAsync() => S3.DisposeAsync();

    public Task<List<string>> StoredKeysAsync() => S3.KeysAsync();
}

public sealed class PostgresS3UploadServer : PostgresServer, IUploadServer
{
    public S3rver S3 { get; } = new();

    protected override IEnumerable<string> ExtraSettings => [.. UploadSettings.With(base.ExtraSettings), .. S3.ServerSettings];

    protected override Task StartDependenciesAsync() => S3.StartAsync();

    protected override ValueTask StopDependenciesAsync() => S3.DisposeAsync();

    public Task<List<string>> StoredKeysAsync() => S3.KeysAsync();
}
