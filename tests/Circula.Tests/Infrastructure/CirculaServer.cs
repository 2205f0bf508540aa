using System.Net.Http.Headers;
using System.Net.Http.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Server;
using Circula.Shared.Ids;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// The real server (same builder as Program.cs, Production environment) on a free loopback port, on its own fresh
/// database. One per test class; subclasses choose the provider.
/// </summary>
public abstract class CirculaServer : IAsyncLifetime
{
    public const string AdminPassword = "Admin-Test-Pass-1!";
    public const string JwtSigningKey = "dGVzdC1zaWduaW5nLWtleS10aGF0LWlzLWxvbmctZW5vdWdoLTEyMzQ1Njc4OTA=";
    public const string PiiEncryptionKey = "cGlpLWVuY3J5cHRpb24ta2V5LWZvci10ZXN0cy0zMmJ5dGVzISE=";
    public const string PiiHashKey = "cGlpLWhhc2gta2V5LWZvci10ZXN0cy10aGF0LWlzLTMyLWJ5dGVzIQ==";

    private const int TestPasswordHashRounds = 1_000;

    private WebApplication? _app;

    public abstract DatabaseProvider Provider { get; }

    public ManualClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("circula-test-").FullName;

    private TestDatabase? _database;

    /// <summary>Settings on top of the test defaults, as "Key=value" pairs; overrides should keep the base ones.</summary>
    protected virtual IEnumerable<string> ExtraSettings => ["Circula:Sandbox:Enabled=true"];

    public TestDatabase Database => _database!;

    public string ConnectionString => Database.ConnectionString;

    /// <summary>The connection string the server is given; a subclass may route it through a proxy or add pool limits.</summary>
    protected virtual string ServerConnectionString => ConnectionString;

    /// <summary>Whether the server is told to serve /docs and /openapi (the tests of the document need it; Production's default is off).</summary>
    protected virtual bool ServesApiDocs => true;

    /// <summary>Everything the server instances logged at Warning and above (or lower where a setting asks), for tests of what is logged.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Starts what the server talks to (protocol peers) before the server, so their addresses can go into its settings.</summary>
    protected virtual Task StartDependenciesAsync() => Task.CompletedTask;

    protected virtual ValueTask StopDependenciesAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        await StartDependenciesAsync();
        _database = ExtraSettings.Any(SeedingReads)
            ? await TestDatabase.CreateAsync(Provider)
            : await SeededTemplates.CopyAsync(Provider, SeedAsync);
        SharedSandboxKeys.CopyInto(DataDirectory);
        _app = await StartAppAsync();
        SharedSandboxKeys.KeepFrom(DataDirectory);
        BaseAddress = AddressOf(_app);
        Client = CreateClient();
    }

    /// <summary>Registers test-only services (extra outbox handlers, timer kinds) on every instance.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Another server instance on the same database, like a second replica behind nginx; <paramref name="settings"/> ("Key=value") are its own.</summary>
    public async Task<Replica> StartReplicaAsync(params string[] settings)
    {
        var app = await StartAppAsync(replicaSettings: settings);
        return new Replica(app, AddressOf(app));
    }

    /// <summary>
    /// Stops this instance and starts a new one on the same database, data directory, clock and address, as a redeploy
    /// does: nothing the old process held in memory survives. <see cref="Client"/> and clients made earlier keep working.
    /// </summary>
    public async Task RestartAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = await StartAppAsync($"http://{BaseAddress.Authority}");
    }

    /// <summary>
    /// Whether a setting changes what a start writes to an empty database (the first admin, demo data and the PII they
    /// hold): a server given one migrates and seeds its own database rather than copying the shared template.
    /// </summary>
    private static bool SeedingReads(string setting) =>
        new[] { "Circula:Bootstrap:", "Circula:Pii:", "Circula:Identity:", "Circula:Catalog:", "Circula:Recycling:", "Circula:Marketplace:", "Circula:Database:" }
            .Any(prefix => setting.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Migrates and seeds <paramref name="database"/> as a start of a server with the default settings would, without
    /// starting one, in a data directory of its own and without this fixture's test services or log capture.
    /// </summary>
    private async Task SeedAsync(TestDatabase database)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("circula-template-").FullName;
        try
        {
            await using var app = CirculaApp.Build(
                Settings("http://127.0.0.1:0", database.ConnectionString, dataDirectory).Select(s => "--" + s).ToArray(),
                b => AddTestServices(b, new ManualClock()));
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private async Task<WebApplication> StartAppAsync(string urls = "http://127.0.0.1:0", string[]? replicaSettings = null)
    {
        string[] settings = [.. Settings(urls, ServerConnectionString, DataDirectory), .. ExtraSettings, .. replicaSettings ?? []];
        var app = CirculaApp.Build(settings.Select(s => "--" + s).ToArray(), b =>
        {
            AddTestServices(b, Clock);
            b.Logging.AddProvider(Logs);
            ConfigureServices(b.Services);
        });
        await CirculaApp.InitializeAsync(app);
        await app.StartAsync();
        return app;
    }

    private static void AddTestServices(WebApplicationBuilder builder, ManualClock clock)
    {
        builder.Services.AddSingleton<TimeProvider>(clock);
        // Tests create and sign in thousands of users; at the production cost of a hash (100,000 PBKDF2 rounds, about
        // 0.1 s of CPU) hashing was a large share of the suite's time on two cores. A hash records its own round
        // count, so every process verifies these the way it verifies production ones.
        builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordHashRounds);
    }

    private string[] Settings(string urls, string connectionString, string dataDirectory) =>
        [
            "environment=Production",
            $"urls={urls}",
            $"Circula:DataDirectory={dataDirectory}",
            $"Circula:Database:Provider={Provider}",
            $"Circula:Database:ConnectionString={connectionString}",
            $"Circula:Jwt:SigningKey={JwtSigningKey}",
            $"Circula:Pii:EncryptionKey={PiiEncryptionKey}",
            $"Circula:Pii:HashKey={PiiHashKey}",
            $"Circula:Bootstrap:AdminPassword={AdminPassword}",
            "Circula:RateLimits:LoginPerMinute=100000",
            "Circula:RateLimits:PaymentsPerMinute=100000",
            "Circula:RateLimits:UploadsPerMinute=100000",
            "Circula:Bootstrap:SeedDemoData=true",
            .. (ServesApiDocs ? ["Circula:Api:Docs=true"] : Array.Empty<string>()),
            "Circula:Workers:PollInterval=00:00:00.100",
            "Circula:Outbox:PollInterval=00:00:00.100",
            // Tests fast-forward the clock; a claim must not expire (and pass to another replica) while it is being worked on.
            "Circula:Workers:ClaimTimeout=1.00:00:00",
            "Circula:Ids:HeartbeatInterval=00:00:00.100",
            // Nor may a jump of the clock expire the Snowflake lease before AdvanceClockAsync renews it: a worker polling in that
            // gap would fail to issue ids and back off in clock time, which only moves when a test moves it.
            "Circula:Ids:LeaseDuration=1.00:00:00",
            "Logging:LogLevel:Default=Warning",
        ];

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Moves the clock and renews the Snowflake worker-id lease at once, as the heartbeat would in real time; without
    /// it a jump past the lease makes this instance refuse ids until the next heartbeat.
    /// </summary>
    public async Task AdvanceClockAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Services.GetRequiredService<WorkerIdLease>().RenewAsync(CancellationToken.None);
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, moving the clock forward between polls so backoffs and deadlines pass.</summary>
    public async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? advanceEachPoll = null, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(20)))
            {
                Assert.Fail("The condition did not hold in time.");
            }

            Clock.Advance(advanceEachPoll ?? TimeSpan.Zero);
            await Task.Delay(50);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
        await StopDependenciesAsync();
    }

    public HttpClient CreateClient(string? accessToken = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<TokenResponse> LoginAsync(string username, string password)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        await response.ShouldBe(System.Net.HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>())!;
    }

    /// <summary>A fresh client for <paramref name="user"/>, e.g. after the clock moved past their token's lifetime.</summary>
    public async Task<HttpClient> SignInAgainAsync(SignedInUser user) => CreateClient((await LoginAsync(user.Username, user.Password)).AccessToken);

    /// <summary>A client signed in as the bootstrap admin.</summary>
    public async Task<HttpClient> AdminClientAsync() =>
        CreateClient((await LoginAsync(AdminBootstrap.AdminUsername, AdminPassword)).AccessToken);

    /// <summary>Creates a password user with <paramref name="roles"/> and signs in over HTTP.</summary>
    public async Task<SignedInUser> CreateUserAsync(params string[] roles)
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..12];
        const string password = "User-Pass-123!";
        var user = await WithScopeAsync(sp => sp.GetRequiredService<AdminBootstrap>().CreateAsync(username, password, roles, CancellationToken.None));
        var tokens = await LoginAsync(username, password);
        return new SignedInUser(user.Id, username, password, tokens, CreateClient(tokens.AccessToken));
    }
}

/// <summary>A second running instance of the server; stop it by disposing.</summary>
public sealed class Replica(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public IServiceProvider Services => app.Services;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

public sealed record SignedInUser(long Id, string Username, string Password, TokenResponse Tokens, HttpClient Client);
