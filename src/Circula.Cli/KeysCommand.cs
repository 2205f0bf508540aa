using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;
using Circula.Sandbox;

namespace Circula.Cli;

/// <summary>
/// keys generate: fresh random keys as environment lines (an env file for systemd or compose); with --sandbox also the
/// payment sandboxes' key files in a data directory, so replicas that share it sign and verify with the same keys.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CliContext cli)
    {
        var sandbox = new Option<bool>("--sandbox") { Description = "Also create the payment sandboxes' key files (kept if present) under --data-directory" };
        var dataDirectory = new Option<string>("--data-directory")
        {
            Description = "With --sandbox: the Circula:DataDirectory the servers share",
            DefaultValueFactory = _ => "data",
        };
        var generate = new Command("generate", "Print new JWT, PII and metrics keys as environment lines (the output is secret: redirect it to a file only you can read).")
        {
            sandbox, dataDirectory,
        };
        generate.SetAction(async (result, ct) =>
        {
            var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            await cli.Output.WriteLineAsync($"""
                # Circula keys, generated {now}. Every replica needs the same values. Changing the PII keys makes stored
                # personal data unreadable, and changing the JWT key signs everybody out: generate them once and keep them.
                Circula__Jwt__SigningKey={Base64Key()}
                Circula__Pii__EncryptionKey={Base64Key()}
                Circula__Pii__HashKey={Base64Key()}
                Circula__Metrics__Token={Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}
                """);
            if (result.GetValue(sandbox))
            {
                var directory = Path.GetFullPath(result.GetValue(dataDirectory)!);
                WeChatPaySandboxSetup.Load(directory);
                AlipaySandboxSetup.Load(directory);
                await cli.Output.WriteLineAsync($"# The payment sandboxes' keys are in {SandboxSecrets.Folder(directory)} (existing files were kept).");
            }

            return 0;
        });
        return new Command("keys", "Generate the keys a production deployment needs.") { generate };
    }

    private static string Base64Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
