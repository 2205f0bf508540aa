using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Circula.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Circula.Cli;

/// <summary>
/// backup: a consistent copy of the database while the servers run. SQLite: <c>VACUUM INTO</c>, a transactionally
/// consistent, compacted copy. PostgreSQL: <c>pg_dump --format=custom</c> (restore with <c>pg_restore</c>), which
/// must be installed and as new as the server.
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string?>("--output") { Description = "The backup file (default: circula-<UTC time>.db or .dump in the current directory); never overwritten" };
        var backup = new Command("backup", "Write a consistent copy of the database while the servers keep running.") { output };
        backup.SetAction((result, ct) => cli.WithServicesAsync(result, async services =>
        {
            var connections = services.GetRequiredService<DbConnectionFactory>();
            var stamp = services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var file = Path.GetFullPath(result.GetValue(output)
                ?? $"circula-{stamp}{(connections.Provider == DatabaseProvider.Sqlite ? ".db" : ".dump")}");
            if (File.Exists(file))
            {
                await cli.Output.WriteLineAsync($"error: {file} exists; choose another --output.");
                return 1;
            }

            var code = connections.Provider == DatabaseProvider.Sqlite
                ? await VacuumIntoAsync(connections, file, ct)
                : await PgDumpAsync(cli, connections.ConnectionString, file, ct);
            if (code == 0)
            {
                await cli.Output.WriteLineAsync($"Wrote {file} ({new FileInfo(file).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes).");
            }

            return code;
        }));
        return backup;
    }

    private static async Task<int> VacuumIntoAsync(DbConnectionFactory connections, string file, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $file";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$file";
        parameter.Value = file;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(ct);
        return 0;
    }

    private static async Task<int> PgDumpAsync(CliContext cli, string connectionString, string file, CancellationToken ct)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump")
        {
            ArgumentList = { "--format=custom", "--no-password", "--file", file, "--host", target.Host ?? "localhost", "--port", target.Port.ToString(CultureInfo.InvariantCulture), "--username", target.Username ?? "postgres", target.Database ?? "postgres" },
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (target.Password is { Length: > 0 } password)
        {
            // The environment, not the command line, which other users of the machine can read.
            start.Environment["PGPASSWORD"] = password;
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            process = null;
        }

        if (process is null)
        {
            await cli.Output.WriteLineAsync("error: pg_dump was not found. Install PostgreSQL's client tools (Debian: apt-get install postgresql-client) at the server's major version or newer.");
            return 1;
        }

        using (process)
        {
            var errors = await process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode == 0)
            {
                return 0;
            }

            await cli.Output.WriteLineAsync($"error: pg_dump failed ({process.ExitCode}): {errors.Trim()}");
            File.Delete(file);
            return 1;
        }
    }
}
