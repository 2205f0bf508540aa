using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Circula.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Circula.Tests.Platform;

/// <summary>
/// The built server and CLI as processes in a fresh folder, as a new user or an operator starts them: a Production start
/// without keys is one message and exit code 1 with nothing changed; an environment the operator sets wins over the launch
/// profile's default; the CLI and a first Development start share one data directory and its keys, with no stack trace.
/// </summary>
public sealed class FirstHourTests : IDisposable
{
    /// <summary>What the launch profiles of `dotnet run` and `./circula` set (src/*/Properties/launchSettings.json).</summary>
    private static readonly KeyValuePair<string, string> LaunchProfile = new("CIRCULA_DEFAULT_ENVIRONMENT", "Development");

    private readonly string _folder = Directory.CreateTempSubdirectory("circula-fresh-").FullName;

    [Fact]
    public async Task Production_without_keys_exits_1_with_one_message_naming_every_setting_and_changes_nothing()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(_folder,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", [LaunchProfile.Key] = LaunchProfile.Value }, TimeSpan.FromMinutes(1));

        Assert.Equal(1, code);
        Assert.Contains("Circula cannot start in Production: 4 settings are missing or invalid.", output, StringComparison.Ordinal);
        foreach (var variable in new[] { "Circula__Jwt__SigningKey", "Circula__Pii__EncryptionKey", "Circula__Pii__HashKey", "Circula__WeChat__AppId" })
        {
            Assert.Contains(variable, output, StringComparison.Ordinal);
        }

        Assert.Contains("openssl rand -base64 32", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_second_try_with_some_keys_still_migrates_nothing_and_creates_no_admin()
    {
        var (code, output) = await ServerProcess.RunToExitAsync(_folder, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Circula__Jwt__SigningKey"] = CirculaServer.JwtSigningKey,
            ["Circula__Sandbox__Enabled"] = "true",
            ["Circula__Pii__HashKey"] = "c2hvcnQ=",
            ["Circula__Network__KnownProxies__0"] = "nginx",
        }, TimeSpan.FromMinutes(1));

        Assert.Equal(1, code);
        Assert.Contains("3 settings are missing or invalid", output, StringComparison.Ordinal);
        Assert.Contains("Circula__Pii__EncryptionKey", output, StringComparison.Ordinal);
        Assert.Contains("Circula:Pii:HashKey must be base64 of at least 32 bytes", output, StringComparison.Ordinal);
        Assert.Contains("Circula:Network:KnownProxies has 'nginx'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "data", "circula.db")));
    }

    [Fact]
    public void The_launch_profiles_set_only_a_default_environment_which_an_operator_setting_overrides()
    {
        foreach (var project in new[] { "Circula.Server", "Circula.Cli" })
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", project, "Properties", "launchSettings.json")));
            foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
            {
                var variables = profile.Value.GetProperty("environmentVariables").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString());
                Assert.Equal(LaunchProfile.Value, variables[LaunchProfile.Key]);
                Assert.False(variables.ContainsKey("ASPNETCORE_ENVIRONMENT") || variables.ContainsKey("DOTNET_ENVIRONMENT"),
                    $"{project}'s launch profile {profile.Name} would override the operator's environment");
            }
        }
    }

    [Fact]
    public async Task The_cli_and_a_first_development_start_share_the_data_directory_and_keys_and_print_no_stack_trace()
    {
        var cli = DotnetCommand.BuiltDll("Circula.Cli");
        var fromClone = new Dictionary<string, string> { [LaunchProfile.Key] = LaunchProfile.Value };
        var database = Path.Combine(_folder, "data", "circula.db");

        var (code, help) = await DotnetCommand.RunAsync(cli, _folder, fromClone, "--help");
        Assert.True(code == 0, help);
        Assert.Contains($"Usage:{Environment.NewLine}  circula [command] [options]", help, StringComparison.Ordinal);

        var (seeded, seedOutput) = await DotnetCommand.RunAsync(cli, _folder, fromClone, "seed");
        Assert.True(seeded == 0, seedOutput);
        Assert.Contains($"circula: Development, database SQLite {database}", seedOutput, StringComparison.Ordinal);
        Assert.Contains("Created 'admin' with password: ", seedOutput, StringComparison.Ordinal);
        Assert.Contains("Seeded the demo data.", seedOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "secrets", "pii-encryption.key")));

        var (migrated, migrateOutput) = await DotnetCommand.RunAsync(cli, _folder, fromClone, "migrate");
        Assert.True(migrated == 0, migrateOutput);
        Assert.Contains("The database is up to date.", migrateOutput, StringComparison.Ordinal);

        // The daily bill run is due at once, so the first start calls the sandbox's bill endpoints as soon as it listens.
        await using (var server = await ServerProcess.StartInAsync(_folder, new Dictionary<string, string>(fromClone) { ["Circula__Payments__Bills__RunAfter"] = "00:00:00" }))
        {
            using var client = server.CreateClient();
            var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "demo", password = "circula-demo" });
            var tokens = await login.ReadAs<JsonElement>();
            using var demo = server.CreateClient(tokens.GetProperty("accessToken").GetString());
            // The phone the CLI seeded, encrypted with the keys it generated, is read by the server with the same keys.
            var me = await (await demo.GetAsync("/api/v1/me")).ReadAs<JsonElement>();
            Assert.Equal("138****8000", me.GetProperty("phone").GetString());

            await EventuallyAsync(() => BillReportsAsync(database), reports => reports.Count == 2 && reports.All(s => s == "Completed"));
            Assert.Contains("Circula is listening on", server.Output, StringComparison.Ordinal);
            Assert.Contains("(Development)", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
        }
    }

    private static async Task<List<string>> BillReportsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM payment_bill_reports";
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<string>();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses;
    }

    private static async Task EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> holds)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        T value;
        while (!holds(value = await read()))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"Still {JsonSerializer.Serialize(value)} after 60 s.");
            await Task.Delay(200);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
