using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Circula.Tests.Infrastructure;

namespace Circula.Tests.Docs;

/// <summary>
/// A fresh server as `dotnet run` starts it on a new clone (Development: sandbox, demo data, generated keys), in its own
/// folder, with a chosen admin password so the walkthroughs can sign in as the operator.
/// </summary>
public sealed class FreshDevelopmentServer : IAsyncLifetime
{
    public const string AdminPassword = "walkthrough-admin-password";

    private readonly string _folder = Directory.CreateTempSubdirectory("circula-walkthrough-").FullName;

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartInAsync(_folder, new Dictionary<string, string>
        {
            // What the launch profile sets for `dotnet run`.
            ["CIRCULA_DEFAULT_ENVIRONMENT"] = "Development",
            ["Circula__Bootstrap__AdminPassword"] = AdminPassword,
        });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The shell walkthroughs in the docs (fenced blocks whose info string is <c>bash walkthrough</c>) run, in document order
/// and as one script per document, with bash under <c>set -euo pipefail</c> against a fresh server, so a step that fails
/// stops the run instead of carrying <c>null</c> into the next one. Readers copy the same blocks.
/// </summary>
public sealed partial class DocsWalkthroughTests(FreshDevelopmentServer fresh) : IClassFixture<FreshDevelopmentServer>
{
    public static readonly TheoryData<string> Documents = new() { "docs/api-guide.md", "docs/payments.md", "docs/recycling.md", "docs/marketplace.md" };

    [GeneratedRegex(@"^```bash walkthrough\n(.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex WalkthroughBlock();

    public static string Script(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, document)).ReplaceLineEndings("\n");
        return string.Concat(WalkthroughBlock().Matches(text).Select(m => m.Groups[1].Value));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task The_walkthrough_runs_against_a_fresh_server_and_stops_at_the_first_error(string document)
    {
        var script = Script(document);
        Assert.False(string.IsNullOrWhiteSpace(script), $"{document} has no ```bash walkthrough block");
        Assert.DoesNotContain("uuidgen", script, StringComparison.Ordinal);
        var (exitCode, output) = await RunAsync(script);
        Assert.True(exitCode == 0, $"The walkthrough of {document} failed (exit {exitCode}):\n{output}\nServer:\n{fresh.Server.Output}");
    }

    [Fact]
    public async Task A_failing_step_stops_the_walkthrough()
    {
        var (exitCode, output) = await RunAsync(
            "TOKEN=$(curl -sS --fail-with-body $B/api/v1/auth/login -H 'Content-Type: application/json' -d '{\"username\":\"demo\",\"password\":\"wrong\"}' | jq -er .accessToken)\n" +
            "echo still-running\n");
        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("still-running", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_landing_page_of_development_shows_the_demo_sign_ins_and_links()
    {
        using var client = fresh.Server.CreateClient();
        var response = await client.GetAsync("/");
        await response.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<code>demo</code> / <code>circula-demo</code>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/docs\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin\"", page, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="script"/> with bash as a reader would paste it, with B set to the server's address.</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string script)
    {
        var info = new ProcessStartInfo("bash", ["-c", "set -euo pipefail\n" + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        info.Environment["B"] = fresh.Server.BaseAddress.ToString().TrimEnd('/');
        info.Environment["ADMIN_PASSWORD"] = FreshDevelopmentServer.AdminPassword;
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The walkthrough did not finish in 3 minutes:\n{await stdout}\n{await stderr}");
        }

        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }
}
