using Circula.Data;
using Circula.Shared;

namespace Circula.Server;

/// <summary>
/// What a start checks before it touches anything: every setting (all problems in one message, with how to fix each),
/// then that the database answers. A refusal is a message and exit code 1, never a stack trace.
/// </summary>
internal static class StartupCheck
{
    public const int ExitCode = 1;

    /// <summary>Null when every setting is good, else the message to print.</summary>
    public static string? SettingsProblem(WebApplication app)
    {
        var problems = app.Services.GetRequiredService<ValidatedOptions>().Problems(app.Services);
        if (problems.Count == 0)
        {
            return null;
        }

        var list = string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
        return $"""
            Circula cannot start in {app.Environment.EnvironmentName}: {Count(problems.Count)} missing or invalid. Nothing was changed.
            {list}
            Set each as an environment variable (Circula__Jwt__SigningKey for Circula:Jwt:SigningKey), in appsettings.{app.Environment.EnvironmentName}.json
            beside the server, or as --Circula:Jwt:SigningKey=... on the command line. For a local try-out, run in Development instead
            (ASPNETCORE_ENVIRONMENT=Development), which generates the keys under the data directory.
            """;
    }

    /// <summary>Runs <see cref="CirculaApp.InitializeAsync"/>; null when it worked, else the message to print for a failure an operator fixes.</summary>
    public static async Task<string?> InitializeAsync(WebApplication app)
    {
        try
        {
            await CirculaApp.InitializeAsync(app);
            return null;
        }
        catch (Exception e) when (DatabaseOutage.IsUnavailable(e))
        {
            var connections = app.Services.GetRequiredService<DbConnectionFactory>();
            return $"Circula cannot start: the database ({connections.Describe()}) is unavailable: {e.GetBaseException().Message}";
        }
        catch (InvalidOperationException e)
        {
            // A changed migration file, every worker id leased, ...: what the operator must fix is in the message.
            return $"Circula cannot start: {e.Message}";
        }
    }

    private static string Count(int problems) => problems == 1 ? "1 setting is" : $"{problems} settings are";
}
