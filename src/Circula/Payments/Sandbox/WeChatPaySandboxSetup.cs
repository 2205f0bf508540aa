using System.Security.Cryptography;
using Circula.Payments.WeChatPay;

namespace Circula.Payments.Sandbox;

/// <summary>
/// Turns WeChat Pay on against the built-in sandbox when the sandbox is enabled and no merchant is configured:
/// a generated merchant key pair (ours), a generated platform key pair (the sandbox's) and an APIv3 key, kept under
/// <c>{DataDirectory}/secrets</c> like the other development keys, so a restart keeps pending payments payable.
/// </summary>
public static class WeChatPaySandboxSetup
{
    public const string MchId = "1900000001";
    public const string AppId = "wx-sandbox-app";
    public const string MerchantSerialNumber = "5A4DB1A8C1B4E3F2A0B9C8D7E6F5A4B3C2D1E0F9";
    public const string PublicKeyId = "PUB_KEY_ID_0119000000012026010100000000000001";
    public const string MerchantKeyFile = "wechatpay-sandbox-merchant-key.pem";
    public const string PlatformKeyFile = "wechatpay-sandbox-platform-key.pem";
    public const string ApiV3KeyFile = "wechatpay-sandbox-apiv3.key";

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static void Apply(WeChatPayOptions options, bool sandboxEnabled, string dataDirectory)
    {
        if (!sandboxEnabled || !string.IsNullOrWhiteSpace(options.MchId))
        {
            return;
        }

        var keys = Load(dataDirectory);
        options.Enabled = true;
        options.Sandbox = true;
        options.MchId = MchId;
        options.AppId = string.IsNullOrWhiteSpace(options.AppId) ? AppId : options.AppId;
        options.MerchantSerialNumber = MerchantSerialNumber;
        options.MerchantPrivateKey = keys.MerchantPrivateKeyPem;
        options.MerchantPrivateKeyPath = null;
        options.ApiV3Key = keys.ApiV3Key;
        options.WeChatPayPublicKeyId = PublicKeyId;
        options.WeChatPayPublicKey = keys.PlatformPublicKeyPem;
        options.WeChatPayPublicKeyPath = null;
        options.PlatformCertificates.Clear();
    }

    /// <summary>The sandbox's key material, generated on first use.</summary>
    public static SandboxKeys Load(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "secrets");
        var merchant = ReadOrCreate(folder, MerchantKeyFile, NewRsaPem);
        var platform = ReadOrCreate(folder, PlatformKeyFile, NewRsaPem);
        var apiV3Key = ReadOrCreate(folder, ApiV3KeyFile, () => RandomNumberGenerator.GetString(Alphabet, WeChatPayOptionsValidator.ApiV3KeyLength));
        return new SandboxKeys(merchant, PublicPem(merchant), platform, PublicPem(platform), apiV3Key);
    }

    private static string NewRsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static string PublicPem(string privatePem)
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privatePem);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Two replicas starting together on one data directory agree on one file: the first move wins.</summary>
    private static string ReadOrCreate(string folder, string name, Func<string> create)
    {
        var file = Path.Combine(folder, name);
        if (File.Exists(file))
        {
            return File.ReadAllText(file).Trim();
        }

        Directory.CreateDirectory(folder);
        var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, create());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            File.Move(temporary, file, overwrite: false);
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another starter wrote it first; use theirs.
            File.Delete(temporary);
        }

        return File.ReadAllText(file).Trim();
    }
}

/// <summary>PEM texts and the APIv3 key; never logged.</summary>
public sealed record SandboxKeys(string MerchantPrivateKeyPem, string MerchantPublicKeyPem, string PlatformPrivateKeyPem, string PlatformPublicKeyPem, string ApiV3Key)
{
    public override string ToString() => "SandboxKeys { redacted }";
}
