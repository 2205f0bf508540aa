using Circula.Server;
using Circula.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Platform;

/// <summary>Options are validated when the server starts, with messages that say what to set.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circula-cfg-").FullName;

    [Fact]
    public async Task Production_without_keys_refuses_to_start_and_names_every_missing_setting()
    {
        await using var app = Build("Production");

        var error = await Assert.ThrowsAsync<AggregateException>(() => app.StartAsync());

        Assert.Contains("Circula:Jwt:SigningKey is required outside Development", error.Message, StringComparison.Ordinal);
        Assert.Contains("Circula__Jwt__SigningKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Circula__Pii__EncryptionKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Circula__Pii__HashKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("Circula__WeChat__AppId", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "secrets", "jwt-signing.key")));
    }

    [Fact]
    public async Task A_signing_key_that_is_too_short_is_rejected()
    {
        await using var app = Build("Production", "--Circula:Jwt:SigningKey=c2hvcnQ=", "--Circula:Sandbox:Enabled=true",
            $"--Circula:Pii:EncryptionKey={CirculaServer.PiiEncryptionKey}", $"--Circula:Pii:HashKey={CirculaServer.PiiHashKey}");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("must be base64 of at least 32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_generates_a_signing_key_once_and_keeps_it_under_the_data_directory()
    {
        await using (var app = Build("Development"))
        {
            await app.StartAsync();
            await app.StopAsync();
        }

        var keyFile = Path.Combine(_folder, "secrets", "jwt-signing.key");
        var key = await File.ReadAllTextAsync(keyFile);
        Assert.Equal(32, Convert.FromBase64String(key).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        await using (var again = Build("Development"))
        {
            await again.StartAsync();
            await again.StopAsync();
        }

        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task An_unknown_database_provider_is_a_clear_error()
    {
        await using var app = Build("Production", "--Circula:Database:Provider=Oracle");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

        Assert.Contains("'Oracle' at 'Circula:Database:Provider'", error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(string environment, params string[] extra) => CirculaApp.Build(
    [
        $"--environment={environment}",
        "--urls=http://127.0.0.1:0",
        $"--Circula:DataDirectory={_folder}",
        $"--Circula:Database:ConnectionString=Data Source={Path.Combine(_folder, "circula.db")}",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
