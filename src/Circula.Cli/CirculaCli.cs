using System.CommandLine;
using System.CommandLine.Help;
using Circula.Data.Migrations;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Circula.Cli;

/// <summary>
/// The `circula` command. It runs in the environment the server would (<see cref="CirculaEnvironment"/>: Development from a
/// clone, as `dotnet run` is) and reads the same settings (the server's appsettings*.json, then Circula__* environment
/// variables, then its own options), so it uses the same data directory, development keys and database as the server,
/// and says which database it touched. It builds no web pipeline: only the modules' domain and data services.
/// </summary>
public static class CirculaCli
{
    public const string Name = "circula";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var provider = new Option<DatabaseProvider?>("--provider") { Description = "Sqlite or Postgres (overrides Circula:Database:Provider)", Recursive = true };
        var connection = new Option<string?>("--connection-string") { Description = "Overrides Circula:Database:ConnectionString", Recursive = true };
        var settings = new Option<string[]>("--setting")
        {
            Description = "Any configuration value as Key=Value, e.g. Circula:Pii:EncryptionKey=... (repeatable)",
            Recursive = true,
            AllowMultipleArgumentsPerToken = false,
        };
        // A command named circula, not RootCommand, whose name is the executable's (Circula.Cli, or testhost in the tests).
        var root = new Command(Name, "Circula administration: database migrations, seeding and operator accounts.")
        {
            provider, connection, settings, new HelpOption(), new VersionOption(),
        };

        var to = new Option<int?>("--to") { Description = "Stop after this migration version (default: all)" };
        var migrate = new Command("migrate", "Apply pending database migrations (safe to run from several machines at once).") { to };
        migrate.SetAction((result, ct) => WithServicesAsync(result, new GlobalOptions(provider, connection, settings), output, async services =>
        {
            var applied = await services.GetRequiredService<MigrationRunner>().MigrateAsync(result.GetValue(to), ct);
            await output.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : string.Join(Environment.NewLine, applied.Select(m => $"applied {m.Version:D4}_{m.Name}")));
            return 0;
        }));

        var seed = new Command("seed", "Migrate, create the first admin if missing, and seed the demo data once.");
        seed.SetAction((result, ct) => WithServicesAsync(result, new GlobalOptions(provider, connection, settings), output, async services =>
        {
            var outcome = await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(migrate: true, seedDemoData: true, ct);
            foreach (var applied in outcome.AppliedMigrations)
            {
                await output.WriteLineAsync($"applied {applied.Version:D4}_{applied.Name}");
            }

            if (outcome.GeneratedAdminPassword is { } password)
            {
                await output.WriteLineAsync($"Created '{AdminBootstrap.AdminUsername}' with password: {password}");
            }

            await output.WriteLineAsync(outcome.DemoDataSeeded ? "Seeded the demo data." : "The demo data was already seeded.");
            return 0;
        }));

        var username = new Option<string>("--username") { Description = "Login name", Required = true };
        var password = new Option<string?>("--password") { Description = "Password (default: generate one and print it)" };
        var role = new Option<string>("--role") { Description = "admin or operator", DefaultValueFactory = _ => Roles.Admin };
        var createAdmin = new Command("create-admin", "Create an operator or admin account.") { username, password, role };
        createAdmin.SetAction((result, ct) => WithServicesAsync(result, new GlobalOptions(provider, connection, settings), output, async services =>
        {
            var chosenRole = result.GetValue(role)!;
            if (chosenRole is not (Roles.Admin or Roles.Operator))
            {
                await output.WriteLineAsync("--role must be admin or operator.");
                return 2;
            }

            var secret = result.GetValue(password) ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15));
            var admin = services.GetRequiredService<AdminBootstrap>();
            var name = result.GetValue(username)!;
            if (await admin.ExistsAsync(name, ct))
            {
                await output.WriteLineAsync($"A user named '{name}' already exists.");
                return 1;
            }

            var user = await admin.CreateAsync(name, secret, [chosenRole], ct);
            await output.WriteLineAsync($"Created {chosenRole} '{user.Username}' (id {user.Id})" +
                (result.GetValue(password) is null ? $" with password: {secret}" : "."));
            return 0;
        }));

        root.Subcommands.Add(migrate);
        root.Subcommands.Add(seed);
        root.Subcommands.Add(createAdmin);
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }

    private sealed record GlobalOptions(Option<DatabaseProvider?> Provider, Option<string?> Connection, Option<string[]> Settings);

    private static async Task<int> WithServicesAsync(ParseResult result, GlobalOptions global, TextWriter output, Func<IServiceProvider, Task<int>> work)
    {
        // The server's appsettings*.json are copied beside this program: read them from there, whatever the working directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = CirculaEnvironment.Resolve([]),
        });
        var overrides = new Dictionary<string, string?>();
        foreach (var setting in result.GetValue(global.Settings) ?? [])
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                await output.WriteLineAsync($"error: --setting expects Key=Value, got '{setting}'.");
                return 2;
            }

            overrides[setting[..split]] = setting[(split + 1)..];
        }

        if (result.GetValue(global.Provider) is { } chosen)
        {
            overrides[$"{DatabaseOptions.Section}:Provider"] = chosen.ToString();
        }

        if (result.GetValue(global.Connection) is { } cs)
        {
            overrides[$"{DatabaseOptions.Section}:ConnectionString"] = cs;
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCirculaModules(endpoints: false);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().Describe();
        await output.WriteLineAsync($"{Name}: {builder.Environment.EnvironmentName}, database {database}");
        try
        {
            return await work(scope.ServiceProvider);
        }
        catch (Exception e) when (DatabaseOutage.IsUnavailable(e))
        {
            await output.WriteLineAsync($"error: the database ({database}) is unavailable: {e.GetBaseException().Message}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await output.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
