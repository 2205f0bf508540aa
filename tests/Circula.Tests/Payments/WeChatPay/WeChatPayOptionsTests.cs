using System.Security.Cryptography;
using Circula.Payments;
using Circula.Payments.WeChatPay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Off by default and then asks for nothing; when enabled, every missing or garbled value stops the start by name.</summary>
public sealed class WeChatPayOptionsTests
{
    private const string ApiV3Key = "0123456789abcdefghijklmnopqrstuv";

    private static readonly string PublicKeyPem = CreatePublicKeyPem();

    private static string CreatePublicKeyPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private static WeChatPayOptions Valid(Action<WeChatPayOptions>? change = null)
    {
        var options = Valid();
        change?.Invoke(options);
        return options;
    }

    private static WeChatPayOptions Valid() => new()
    {
        Enabled = true,
        MchId = "1900007291",
        AppId = "wx2421b1c4370ec43b",
        MerchantSerialNumber = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        MerchantPrivateKey = WeChatPayVectors.TestPrivateKey,
        ApiV3Key = ApiV3Key,
        WeChatPayPublicKeyId = "PUB_KEY_ID_0114232134912410000000000000",
        WeChatPayPublicKey = PublicKeyPem,
        PlatformCertificates = { [WeChatPayVectors.CallbackSerial] = WeChatPayVectors.CallbackCertificate },
        NotifyUrl = "https://shop.example.com/api/v1/payments/wechatpay/notify",
    };

    private static ValidateOptionsResult Validate(WeChatPayOptions options) => new WeChatPayOptionsValidator().Validate(null, options);

    private static string FailureOf(WeChatPayOptions options)
    {
        var result = Validate(options);
        Assert.True(result.Failed, "expected the options to be refused");
        return result.FailureMessage;
    }

    [Fact]
    public void Disabled_needs_nothing_and_a_complete_configuration_passes()
    {
        Assert.True(Validate(new WeChatPayOptions()).Succeeded);
        Assert.True(Validate(Valid()).Succeeded, Validate(Valid()).FailureMessage);
    }

    [Fact]
    public void Enabled_without_values_names_every_variable_to_set()
    {
        var message = FailureOf(new WeChatPayOptions { Enabled = true });

        foreach (var setting in new[] { "MchId", "AppId", "MerchantSerialNumber", "MerchantPrivateKey", "ApiV3Key", "WeChatPayPublicKeyId", "NotifyUrl" })
        {
            Assert.Contains($"Circula__Payments__WeChatPay__{setting}", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_garbled_private_key_is_refused_without_quoting_it()
    {
        var garbled = WeChatPayVectors.TestPrivateKey.Replace("MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYw", "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYx", StringComparison.Ordinal);
        var message = FailureOf(Valid(o => o.MerchantPrivateKey = garbled));

        Assert.Contains("Circula__Payments__WeChatPay__MerchantPrivateKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYx", message, StringComparison.Ordinal);
        Assert.Contains("an RSA private key", FailureOf(Valid(o => o.MerchantPrivateKey = PublicKeyPem)), StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__MerchantPrivateKeyPath",
            FailureOf(Valid(o =>
            {
                o.MerchantPrivateKey = null;
                o.MerchantPrivateKeyPath = "/nonexistent/apiclient_key.pem";
            })), StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_are_read_from_files_too()
    {
        var folder = Directory.CreateTempSubdirectory("wechatpay-keys-").FullName;
        try
        {
            var keyPath = Path.Combine(folder, "apiclient_key.pem");
            var publicKeyPath = Path.Combine(folder, "pub_key.pem");
            var certificatePath = Path.Combine(folder, "platform.pem");
            File.WriteAllText(keyPath, WeChatPayVectors.TestPrivateKey);
            File.WriteAllText(publicKeyPath, PublicKeyPem);
            File.WriteAllText(certificatePath, WeChatPayVectors.CallbackCertificate);
            var options = Valid(o =>
            {
                o.MerchantPrivateKey = null;
                o.MerchantPrivateKeyPath = keyPath;
                o.WeChatPayPublicKey = null;
                o.WeChatPayPublicKeyPath = publicKeyPath;
                o.PlatformCertificates[WeChatPayVectors.CallbackSerial] = certificatePath;
            });

            Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
            using var credentials = WeChatPayCredentials.Load(options);
            Assert.Equal([WeChatPayVectors.CallbackSerial, "PUB_KEY_ID_0114232134912410000000000000"], credentials.VerificationKeys.Serials.Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("0123456789abcdefghijklmnopqrstu")]
    [InlineData("0123456789abcdefghijklmnopqrstuvw")]
    [InlineData("0123456789abcdefghijklmnopqrstu密")]
    public void The_api_v3_key_must_be_32_ascii_characters(string key) =>
        Assert.Contains("Circula__Payments__WeChatPay__ApiV3Key", FailureOf(Valid(o => o.ApiV3Key = key)), StringComparison.Ordinal);

    [Fact]
    public void Verification_keys_must_be_present_parseable_and_under_their_own_serial()
    {
        var none = Valid(o =>
        {
            o.WeChatPayPublicKeyId = null;
            o.WeChatPayPublicKey = null;
            o.PlatformCertificates.Clear();
        });
        Assert.Contains("PlatformCertificates__<serial>", FailureOf(none), StringComparison.Ordinal);

        Assert.Contains("Circula__Payments__WeChatPay__WeChatPayPublicKeyId", FailureOf(Valid(o => o.WeChatPayPublicKeyId = "")), StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__WeChatPayPublicKey)", FailureOf(Valid(o => o.WeChatPayPublicKey = null)), StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__WeChatPayPublicKey)", FailureOf(Valid(o => o.WeChatPayPublicKey = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")),
            StringComparison.Ordinal);

        var wrongSerial = Valid(o =>
        {
            o.PlatformCertificates.Clear();
            o.PlatformCertificates["5157F09EFDC096DE"] = WeChatPayVectors.CallbackCertificate;
        });
        var message = FailureOf(wrongSerial);
        Assert.Contains("Circula__Payments__WeChatPay__PlatformCertificates__5157F09EFDC096DE", message, StringComparison.Ordinal);
        Assert.Contains("the certificate's serial is D7CE59D1F522D701", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://shop.example.com/notify")]
    [InlineData("https://shop.example.com/notify?order=1")]
    [InlineData("/notify")]
    public void The_notify_url_must_be_https_without_a_query(string url) =>
        Assert.Contains("Circula__Payments__WeChatPay__NotifyUrl", FailureOf(Valid(o => o.NotifyUrl = url)), StringComparison.Ordinal);

    [Fact]
    public void Other_values_are_checked_too()
    {
        Assert.Contains("Circula__Payments__WeChatPay__MchId", FailureOf(Valid(o => o.MchId = "19000O7291")), StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__BaseUrl", FailureOf(Valid(o => o.BaseUrl = "ftp://api.mch.weixin.qq.com")), StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__TimeoutSeconds", FailureOf(Valid(o => o.TimeoutSeconds = 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_options_text_never_shows_keys()
    {
        var text = Valid().ToString();

        Assert.Contains("1900007291", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiV3Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_but_disabled_the_module_validates_and_refuses_to_hand_out_a_client()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddPaymentsModuleOnly().BuildServiceProvider();

        Assert.False(services.GetRequiredService<IOptions<WeChatPayOptions>>().Value.Enabled);
        var refused = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<WeChatPayClient>());
        Assert.Contains("Circula__Payments__WeChatPay__Enabled", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enabled_with_missing_values_the_module_stops_at_the_options()
    {
        using var services = new ServiceCollection().AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection([new("Circula:Payments:WeChatPay:Enabled", "true")]).Build())
            .AddPaymentsModuleOnly().BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WeChatPayOptions>>().Value);
        Assert.Contains("Circula__Payments__WeChatPay__ApiV3Key", refused.Message, StringComparison.Ordinal);
    }
}

internal static class PaymentsModuleOnly
{
    /// <summary>The Payments module's services alone, as a unit test of its options wiring needs them.</summary>
    public static IServiceCollection AddPaymentsModuleOnly(this IServiceCollection services)
    {
        new PaymentsModule().AddServices(services);
        return services;
    }
}
