using System.CommandLine;
using System.CommandLine.Help;

namespace Circula.Cli;

/// <summary>
/// The `circula` command. It runs in the environment the server would (<see cref="Shared.CirculaEnvironment"/>:
/// Development from a clone, as `dotnet run` is) and reads the same settings (<see cref="CliContext"/>), and says which
/// database it touched. It builds no web pipeline: only the modules' domain and data services.
/// </summary>
public static class CirculaCli
{
    public const string Name = "circula";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var cli = new CliContext(output);
        // A command named circula, not RootCommand, whose name is the executable's (Circula.Cli, or testhost in the tests).
        var root = new Command(Name, """
            Circula administration: the database, operator accounts, products, the outbox, keys and configuration.
            Reads the server's settings (appsettings*.json beside it, Circula__* environment variables); --provider,
            --connection-string and --setting override them for one run.
            """)
        {
            cli.Provider, cli.Connection, cli.Settings, cli.ConfigFile, new HelpOption(), new VersionOption(),
        };
        IEnumerable<Command> commands =
        [
            .. DatabaseCommands.Create(cli),
            .. ProductCsvCommands.Create(cli),
            OutboxCommands.Create(cli),
            KeysCommand.Create(cli),
            ConfigCommand.Create(cli),
            CheckCommand.Create(cli),
            BackupCommand.Create(cli),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
    }
}
