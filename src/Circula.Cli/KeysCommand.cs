using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;

namespace Circula.Cli;

/// <summary>
/// keys generate: fresh random keys as environment lines (an env file for systemd or compose). The payment sandboxes'
/// keys are not among them: the sandbox is never part of a production deployment, and creates its own on first start.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CliContext cli)
    {
        var generate = new Command("generate", "Print new JWT, PII and metrics keys as environment lines (the output is secret: redirect it to a file only you can read).");
        generate.SetAction(async (_, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await cli.Output.WriteLineAsync($"""
                # Circula keys, generated {now}. Every replica needs the same values. Changing the PII keys makes stored
                # personal data unreadable, and changing the JWT key signs everybody out: generate them once and keep them.
                Circula__Jwt__SigningKey={Base64Key()}
                Circula__Pii__EncryptionKey={Base64Key()}
                Circula__Pii__HashKey={Base64Key()}
                Circula__Metrics__Token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}
                """);
            return 0;
        });
        return new Command("keys", "Generate the keys a production deployment needs.") { generate };
    }

    private static string Base64Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
