using System.CommandLine;
using Circula.Data;
using Circula.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Circula.Cli;

/// <summary>
/// What every command shares: the options that choose the database and settings, where it writes, and the services
/// of the modules built exactly as the server builds them (its appsettings*.json, then Circula__* environment
/// variables, then these options), so the CLI touches the same data directory, keys and database as the server.
/// </summary>
internal sealed class CliContext(TextWriter output)
{
    public Option<DatabaseProvider?> Provider { get; } = new("--provider") { Description = "Sqlite or Postgres (overrides Circula:Database:Provider)", Recursive = true };

    public Option<string?> Connection { get; } = new("--connection-string") { Description = "Overrides Circula:Database:ConnectionString", Recursive = true };

    public Option<string[]> Settings { get; } = new("--setting")
    {
        Description = "Any configuration value as Key=Value, e.g. Circula:Pii:EncryptionKey=... (repeatable)",
        HelpName = "key=value",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<FileInfo?> ConfigFile { get; } = new("--config")
    {
        Description = "A configuration file (JSON, comments allowed, e.g. from `config init`) read after the server's own and the environment",
        HelpName = "file",
        Recursive = true,
    };

    public TextWriter Output => output;

    /// <summary>Tables and progress bars; plain text when the output is not a terminal (a pipe, a file, the tests).</summary>
    public IAnsiConsole Console { get; } = CreateConsole(output);

    /// <summary>Runs <paramref name="work"/> with the modules' services, turning an unavailable database or a bad setting into a message and exit code 1.</summary>
    public async Task<int> WithServicesAsync(ParseResult result, Func<IServiceProvider, Task<int>> work)
    {
        if (Overrides(result) is not { } overrides)
        {
            return 2;
        }

        // The server's appsettings*.json are copied beside this program: read them from there, whatever the working directory.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = CirculaEnvironment.Resolve([]),
        });
        if (result.GetValue(ConfigFile) is { } file)
        {
            if (!file.Exists)
            {
                await output.WriteLineAsync($"error: the configuration file {file.FullName} does not exist.");
                return 2;
            }

            builder.Configuration.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCirculaModules(endpoints: false);
        var validated = new ValidatedOptions(builder.Services);
        builder.Services.AddSingleton(validated);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<DbConnectionFactory>().Describe();
        await output.WriteLineAsync($"{CirculaCli.Name}: {builder.Environment.EnvironmentName}, database {database}");
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

    private Dictionary<string, string?>? Overrides(ParseResult result)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var setting in result.GetValue(Settings) ?? [])
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                output.WriteLine($"error: --setting expects Key=Value, got '{setting}'.");
                return null;
            }

            overrides[setting[..split]] = setting[(split + 1)..];
        }

        if (result.GetValue(Provider) is { } chosen)
        {
            overrides[$"{DatabaseOptions.Section}:Provider"] = chosen.ToString();
        }

        if (result.GetValue(Connection) is { } cs)
        {
            overrides[$"{DatabaseOptions.Section}:ConnectionString"] = cs;
        }

        return overrides;
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            // A file or a pipe has no width: do not wrap ids and messages at 80 columns.
            console.Profile.Width = 240;
        }

        return console;
    }
}
