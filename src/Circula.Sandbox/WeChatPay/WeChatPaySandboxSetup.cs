using System.Security.Cryptography;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Sandbox.WeChatPay;

/// <summary>
/// Turns WeChat Pay on against <see cref="WeChatPaySandbox"/> (registered only when no merchant is configured): a
/// generated merchant key pair (ours), a generated platform key pair (the sandbox's) and an APIv3 key, kept under
/// <c>{DataDirectory}/secrets</c> like the other development keys, and this server as WeChat Pay and as its notify URLs.
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

    public static IServiceCollection AddWeChatPaySandbox(this IServiceCollection services)
    {
        services.AddOptions<WeChatPayOptions>().PostConfigure<IOptions<CirculaOptions>>((o, circula) => Apply(o, circula.Value.DataDirectory));
        services.AddSingleton<IWeChatPayStandIn, WeChatPayStandIn>();
        services.AddSingleton<WeChatPaySandboxGateway>();
        services.AddSingleton<WeChatPaySandboxTrades>();
        services.AddSingleton<WeChatPaySandboxTransferBills>();
        services.AddHttpClient(WeChatPaySandbox.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        return services;
    }

    private static void Apply(WeChatPayOptions options, string dataDirectory)
    {
        var keys = Load(dataDirectory);
        options.Enabled = true;
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
        var folder = SandboxSecrets.Folder(dataDirectory);
        var merchant = SandboxSecrets.ReadOrCreate(folder, MerchantKeyFile, SandboxSecrets.NewRsaPem);
        var platform = SandboxSecrets.ReadOrCreate(folder, PlatformKeyFile, SandboxSecrets.NewRsaPem);
        var apiV3Key = SandboxSecrets.ReadOrCreate(folder, ApiV3KeyFile, () => RandomNumberGenerator.GetString(Alphabet, WeChatPayOptions.ApiV3KeyLength));
        return new SandboxKeys(merchant, SandboxSecrets.PublicPem(merchant), platform, SandboxSecrets.PublicPem(platform), apiV3Key);
    }

    private sealed class WeChatPayStandIn(IServer server) : IWeChatPayStandIn
    {
        public string BaseUrl => Self() + WeChatPaySandbox.BasePath;

        public string NotifyUrl => Self() + WeChatPayEndpoints.NotifyPath;

        public string RefundNotifyUrl => Self() + WeChatPayEndpoints.RefundNotifyPath;

        public string TransferNotifyUrl => Self() + WeChatPayEndpoints.TransferNotifyPath;

        private string Self() => SandboxSelf.BaseUrl(server, "The WeChat Pay sandbox");
    }
}

/// <summary>PEM texts and the APIv3 key; never logged.</summary>
public sealed record SandboxKeys(string MerchantPrivateKeyPem, string MerchantPublicKeyPem, string PlatformPrivateKeyPem, string PlatformPublicKeyPem, string ApiV3Key)
{
    public override string ToString() => "SandboxKeys { redacted }";
}
