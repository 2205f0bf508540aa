using System.Security.Cryptography;
using Circula.Payments.Alipay;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>Key pairs generated once per test run: the application's, the (peer) Alipay's, and a stranger's.</summary>
public static class AlipayTestKeys
{
    public const string AppId = "2021000000000001";

    private static readonly Lazy<RSA> LazyApp = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> LazyAlipay = new(() => RSA.Create(2048));
    private static readonly Lazy<RSA> LazyStranger = new(() => RSA.Create(2048));

    public static RSA App => LazyApp.Value;

    public static RSA Alipay => LazyAlipay.Value;

    public static RSA Stranger => LazyStranger.Value;

    /// <summary>Bare base64 PKCS#8, the form Alipay's key tool writes.</summary>
    public static string AppPrivateKeyBase64 => Convert.ToBase64String(App.ExportPkcs8PrivateKey());

    public static string AlipayPublicKeyBase64 => Convert.ToBase64String(Alipay.ExportSubjectPublicKeyInfo());

    public static AlipayOptions Options(string gatewayUrl = "https://openapi.alipay.com/gateway.do") => new()
    {
        Enabled = true,
        AppId = AppId,
        AppPrivateKey = AppPrivateKeyBase64,
        AlipayPublicKey = AlipayPublicKeyBase64,
        GatewayUrl = gatewayUrl,
        NotifyUrl = "https://shop.example.cn/api/v1/payments/alipay/notify",
        ReturnUrl = "https://shop.example.cn/pay/done",
        TimeoutSeconds = 2,
    };

    /// <summary>Fresh key objects parsed from <see cref="Options"/>, the way the server gets them.</summary>
    public static AlipayKeys Keys(AlipayOptions options) => new(Microsoft.Extensions.Options.Options.Create(options));
}

/// <summary>A clock stopped at one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
