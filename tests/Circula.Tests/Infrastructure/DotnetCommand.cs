using System.Diagnostics;

namespace Circula.Tests.Infrastructure;

/// <summary>Runs a built program of this repository (`dotnet src/X/bin/.../X.dll`) as an operator would start it.</summary>
public static class DotnetCommand
{
    /// <summary>The build output of project <paramref name="project"/> in the configuration these tests were built in.</summary>
    public static string BuiltDll(string project)
    {
        var separator = Path.DirectorySeparatorChar;
        var configuration = AppContext.BaseDirectory.Contains($"{separator}Release{separator}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "src", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first (./test.sh does).");
    }

    /// <summary>
    /// `dotnet <paramref name="dll"/> args` in <paramref name="workingDirectory"/> with <paramref name="environment"/>; the
    /// environment names the test run may carry are removed, so only what the test sets decides the environment.
    /// </summary>
    public static ProcessStartInfo Create(string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "CIRCULA_DEFAULT_ENVIRONMENT" })
        {
            info.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs to the end; the exit code and everything printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        params string[] args)
    {
        using var process = Process.Start(Create(dll, workingDirectory, environment, args)) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
