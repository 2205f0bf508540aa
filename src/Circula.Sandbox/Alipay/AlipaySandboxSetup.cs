using Circula.Payments.Alipay;
using Circula.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Sandbox.Alipay;

/// <summary>
/// Turns Alipay on against <see cref="AlipaySandbox"/> (registered only when no AppId is configured): a generated
/// application key pair (ours) and a generated "Alipay" key pair (the sandbox's), kept under <c>{DataDirectory}/secrets</c>,
/// and this server as the gateway and as the notify URL.
/// </summary>
public static class AlipaySandboxSetup
{
    public const string AppId = "2021000000000001";
    public const string AppKeyFile = "alipay-sandbox-app-key.pem";
    public const string AlipayKeyFile = "alipay-sandbox-alipay-key.pem";

    public static IServiceCollection AddAlipaySandbox(this IServiceCollection services)
    {
        services.AddOptions<AlipayOptions>().PostConfigure<IOptions<CirculaOptions>>((o, circula) => Apply(o, circula.Value.DataDirectory));
        services.AddSingleton<IAlipayStandIn, AlipayStandIn>();
        services.AddSingleton<AlipaySandboxGateway>();
        services.AddSingleton<AlipaySandboxTrades>();
        services.AddHttpClient(AlipaySandbox.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).RemoveAllLoggers();
        return services;
    }

    private static void Apply(AlipayOptions options, string dataDirectory)
    {
        var keys = Load(dataDirectory);
        options.Enabled = true;
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

    private sealed class AlipayStandIn(IServer server) : IAlipayStandIn
    {
        public string GatewayUrl => Self() + AlipaySandbox.BasePath + AlipaySandbox.GatewayPath;

        public string NotifyUrl => Self() + AlipayEndpoints.NotifyPath;

        private string Self() => SandboxSelf.BaseUrl(server, "The Alipay sandbox");
    }
}

/// <summary>PEM texts; never logged.</summary>
public sealed record AlipaySandboxKeys(string AppPrivateKeyPem, string AppPublicKeyPem, string AlipayPrivateKeyPem, string AlipayPublicKeyPem)
{
    public override string ToString() => "AlipaySandboxKeys { redacted }";
}
