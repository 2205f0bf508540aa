using System.CommandLine;

namespace Circula.Cli;

/// <summary>config init: a commented configuration file an operator fills in, section by section.</summary>
internal static class ConfigCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string>("--output")
        {
            Description = "Where to write it (the server reads appsettings.<Environment>.json beside Circula.Server.dll)",
            DefaultValueFactory = _ => "appsettings.Production.json",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file" };
        var init = new Command("init", "Write a commented configuration file: database, keys, proxy, payments, notifications, metrics.") { output, force };
        init.SetAction(async (result, ct) =>
        {
            var file = Path.GetFullPath(result.GetValue(output)!);
            if (File.Exists(file) && !result.GetValue(force))
            {
                await cli.Output.WriteLineAsync($"error: {file} exists; pass --force to overwrite it.");
                return 1;
            }

            await File.WriteAllTextAsync(file, ConfigurationTemplate.Text, ct);
            await cli.Output.WriteLineAsync($"""
                Wrote {file}. Fill it in, put it beside Circula.Server.dll, and run `circula check` to try it.
                Keys and secrets belong in the environment (`circula keys generate`), not in this file.
                """);
            return 0;
        });
        return new Command("config", "Write a starting configuration file.") { init };
    }
}
