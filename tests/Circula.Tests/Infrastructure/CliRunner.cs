using Circula.Cli;

namespace Circula.Tests.Infrastructure;

/// <summary>Runs the `circula` command in-process against a test database, capturing what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TestDatabase database, params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await CirculaCli.RunAsync(
            [.. args, "--provider", database.Provider.ToString(), "--connection-string", database.ConnectionString,
                "--setting", $"Circula:Pii:EncryptionKey={CirculaServer.PiiEncryptionKey}", "--setting", $"Circula:Pii:HashKey={CirculaServer.PiiHashKey}"], output);
        return (exitCode, output.ToString());
    }
}
