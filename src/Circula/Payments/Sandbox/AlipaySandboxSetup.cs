using Circula.Payments.Alipay;

namespace Circula.Payments.Sandbox;

/// <summary>
/// Turns Alipay on against the built-in sandbox when the sandbox is enabled and no AppId is configured: a generated
/// application key pair (ours) and a generated "Alipay" key pair (the sandbox's), kept under <c>{DataDirectory}/secrets</c>.
/// </summary>
public static class AlipaySandboxSetup
{
    public const string AppId = "2021000000000001";
    public const string AppKeyFile = "alipay-sandbox-app-key.pem";
    public const string AlipayKeyFile = "alipay-sandbox-alipay-key.pem";

    public static void Apply(AlipayOptions options, bool sandboxEnabled, string dataDirectory)
    {
        if (!sandboxEnabled || !string.IsNullOrWhiteSpace(options.AppId))
        {
            return;
        }

        var keys = Load(dataDirectory);
        options.Enabled = true;
        options.Sandbox = true;
        options.AppId = AppId;
        options.AppPrivateKey = keys.AppPrivateKeyPem;
        options.AlipayPublicKey = keys.AlipayPublicKeyPem;
        options.NotifyUrl = null;
    }

    /// <summary>The sandbox's key material, generated on first use.</summary>
    public static AlipaySandboxKeys Load(string dataDirectory)
    {
        var folder = SandboxSecrets.Folder(dataDirectory);
        var app = SandboxSecrets.ReadOrCreate(folder, AppKeyFile, SandboxSecrets.NewRsaPem);
        var alipay = SandboxSecrets.ReadOrCreate(folder, AlipayKeyFile, SandboxSecrets.NewRsaPem);
        return new AlipaySandboxKeys(app, SandboxSecrets.PublicPem(app), alipay, SandboxSecrets.PublicPem(alipay));
    }
}

/// <summary>PEM texts; never logged.</summary>
public sealed record AlipaySandboxKeys(string AppPrivateKeyPem, string AppPublicKeyPem, string AlipayPrivateKeyPem, string AlipayPublicKeyPem)
{
    public override string ToString() => "AlipaySandboxKeys { redacted }";
}
