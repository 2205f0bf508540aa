using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;

namespace Circula.Shared;

/// <summary>
/// Keys that must come from configuration in production. In Development a missing key is generated once and kept
/// under the data directory, so `dotnet run` works on a fresh clone and tokens survive a restart.
/// </summary>
public static class DevelopmentSecrets
{
    public static string? FillIfDevelopment(string? configured, string name, IHostEnvironment environment, string dataDirectory, int bytes = 32)
    {
        if (!string.IsNullOrWhiteSpace(configured) || !environment.IsDevelopment())
        {
            return configured;
        }

        var folder = Path.Combine(dataDirectory, "secrets");
        var file = Path.Combine(folder, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(folder);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes));
        File.WriteAllText(file, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }

    /// <summary>Null when <paramref name="value"/> is base64 of at least <paramref name="minBytes"/> bytes, else why not.</summary>
    public static string? CheckBase64Key(string? value, string setting, int minBytes = 32)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"Circula:{setting} is required outside Development: set {EnvironmentName(setting)} to a base64 string of at least {minBytes} random bytes (e.g. `openssl rand -base64 {minBytes}`).";
        }

        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= minBytes
            ? null
            : $"Circula:{setting} must be base64 of at least {minBytes} bytes (set {EnvironmentName(setting)}).";
    }

    private static string EnvironmentName(string setting) => "Circula__" + setting.Replace(":", "__", StringComparison.Ordinal);
}
