using Circula.Sandbox;
using Circula.Sandbox.Alipay;
using Circula.Sandbox.WeChatPay;

namespace Circula.Tests.Infrastructure;

/// <summary>
/// The payment sandboxes' keys (four 2,048-bit RSA keys, about as much CPU as the rest of a test server's start on two
/// cores) as the first test server generated them, copied into each later server's data directory before it starts, so
/// the sandboxes read them instead of generating their own. Generation itself is still run by that first server and by
/// the tests of a fresh data directory (AlipayStartupTests, FirstHourTests, the process tests).
/// </summary>
internal static class SharedSandboxKeys
{
    private static readonly string[] Files =
    [
        AlipaySandboxSetup.AppKeyFile, AlipaySandboxSetup.AlipayKeyFile, WeChatPaySandboxSetup.MerchantKeyFile, WeChatPaySandboxSetup.PlatformKeyFile,
        WeChatPaySandboxSetup.ApiV3KeyFile,
    ];

    private static readonly Lock Gate = new();
    private static string? _kept;

    public static void CopyInto(string dataDirectory)
    {
        lock (Gate)
        {
            if (_kept is null)
            {
                return;
            }

            var secrets = Directory.CreateDirectory(SandboxSecrets.Folder(dataDirectory)).FullName;
            foreach (var file in Files)
            {
                File.Copy(Path.Combine(_kept, file), Path.Combine(secrets, file));
            }
        }
    }

    /// <summary>Keeps the keys a server generated in <paramref name="dataDirectory"/> if none are kept yet and it has all of them.</summary>
    public static void KeepFrom(string dataDirectory)
    {
        lock (Gate)
        {
            var secrets = SandboxSecrets.Folder(dataDirectory);
            if (_kept is not null || !Files.All(f => File.Exists(Path.Combine(secrets, f))))
            {
                return;
            }

            var kept = Directory.CreateTempSubdirectory("circula-sandbox-keys-").FullName;
            foreach (var file in Files)
            {
                File.Copy(Path.Combine(secrets, file), Path.Combine(kept, file));
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(kept, recursive: true);
            _kept = kept;
        }
    }
}
