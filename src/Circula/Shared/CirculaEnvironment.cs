using Microsoft.Extensions.Configuration;

namespace Circula.Shared;

/// <summary>
/// The environment the server and the CLI run in: the one the operator chose (<c>--environment</c>,
/// <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>, read as the web host reads them), else
/// <c>CIRCULA_DEFAULT_ENVIRONMENT</c>, which only the launch profiles of `dotnet run` and `./circula` set (to Development),
/// else the host's default, Production. So a deployed server is never Development by accident, `dotnet run` on a clone
/// is, and an environment the operator sets always wins over a launch profile.
/// </summary>
public static class CirculaEnvironment
{
    public const string DefaultVariable = "CIRCULA_DEFAULT_ENVIRONMENT";

    public static string? Resolve(string[] args)
    {
        var chosen = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()["environment"];
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return chosen;
        }

        return Environment.GetEnvironmentVariable(DefaultVariable) is { Length: > 0 } fallback ? fallback : null;
    }
}
