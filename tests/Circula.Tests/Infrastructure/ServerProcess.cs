using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// The built server (src/Circula.Server/bin/.../Circula.Server.dll) as a separate OS process on loopback, sharing a
/// database with others: the replica set-up behind nginx, without nginx.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public HttpClient CreateClient(string? accessToken = null)
    {
        // Longer than the server's own wait for a database connection (Timeout=60), so an overloaded server answers its
        // 503 before the client gives up on it.
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>Starts the server with the same keys as the in-process test servers and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(CirculaServer sharedDatabase, params string[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Circula__Database__Provider"] = sharedDatabase.Provider.ToString(),
            ["Circula__Database__ConnectionString"] = sharedDatabase.ConnectionString,
            ["Circula__Jwt__SigningKey"] = CirculaServer.JwtSigningKey,
            ["Circula__Pii__EncryptionKey"] = CirculaServer.PiiEncryptionKey,
            ["Circula__Pii__HashKey"] = CirculaServer.PiiHashKey,
            ["Circula__Sandbox__Enabled"] = "true",
            ["Circula__RateLimits__LoginPerMinute"] = "100000",
            ["Circula__Workers__PollInterval"] = "00:00:00.200",
            ["Circula__Outbox__PollInterval"] = "00:00:00.200",
            ["Circula__DataDirectory"] = Directory.CreateTempSubdirectory("circula-proc-").FullName,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var setting in settings)
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            // Circula:... settings may be given without their prefix; Logging:... ones are the host's own.
            var key = setting[..split];
            var prefix = key.StartsWith("Logging:", StringComparison.Ordinal) ? "" : "Circula__";
            environment[prefix + key.Replace(":", "__", StringComparison.Ordinal)] = setting[(split + 1)..];
        }

        return await StartInAsync(Environment.CurrentDirectory, environment);
    }

    /// <summary>
    /// Starts the server in <paramref name="workingDirectory"/> with only <paramref name="environment"/> set (as an
    /// operator's shell would; no environment name is inherited from the test run) and waits until it is ready.
    /// </summary>
    public static async Task<ServerProcess> StartInAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var server = Launch(workingDirectory, environment);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs the server until it exits by itself (a refused start), at most <paramref name="timeout"/>; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        await using var server = Launch(workingDirectory, environment);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await server._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server did not exit within {timeout}:\n{server.Output}");
        }

        server._process.WaitForExit(); // flushes the redirected output
        return (server._process.ExitCode, server.Output);
    }

    private static ServerProcess Launch(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = DotnetCommand.Create(ServerDll(), workingDirectory, environment, $"--urls=http://127.0.0.1:{port}");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A cold start of the built server (JIT, migrations, the worker id lease) takes over a minute on a busy 2-core test host.</summary>
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The server process exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The server process did not become ready in {ReadyWithin.TotalSeconds} s:\n{Output}");
    }

    private static string ServerDll() => DotnetCommand.BuiltDll("Circula.Server");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
