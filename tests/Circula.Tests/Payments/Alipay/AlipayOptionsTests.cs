using System.Security.Cryptography;
using Circula.Payments.Alipay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>A misconfigured Alipay stops the start and names the variable; a disabled one is never checked.</summary>
public sealed class AlipayOptionsTests
{
    private static ValidateOptionsResult Validate(AlipayOptions options) => new AlipayOptionsValidator().Validate(null, options);

    [Fact]
    public void Disabled_alipay_needs_nothing()
    {
        Assert.True(Validate(new AlipayOptions()).Succeeded);
        Assert.False(new AlipayOptions().Enabled);
        Assert.Equal("https://openapi.alipay.com/gateway.do", new AlipayOptions().GatewayUrl);
    }

    [Fact]
    public void Complete_options_pass() => Assert.True(Validate(AlipayTestKeys.Options()).Succeeded);

    [Fact]
    public void Enabled_without_settings_names_every_missing_variable()
    {
        var result = Validate(new AlipayOptions { Enabled = true });

        Assert.True(result.Failed);
        foreach (var variable in new[] { "AppId", "AppPrivateKey", "AlipayPublicKey", "NotifyUrl" })
        {
            Assert.Contains($"Circula__Payments__Alipay__{variable}", result.FailureMessage, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Circula__Payments__Alipay__ReturnUrl", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Circula__Payments__Alipay__GatewayUrl", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT", "is base64 but not an RSA private key")]
    [InlineData("secret-key-text-that-must-not-leak", "is neither a key nor the path of an existing file")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n", "has no complete -----BEGIN/END----- block")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS10ZXh0LXRoYXQtbXVzdC1ub3QtbGVhaw==\n-----END PRIVATE KEY-----", "does not hold an RSA key")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nc2VjcmV0LWtleS10ZXh0LXRoYXQtbXVzdC1ub3QtbGVhaw==\n-----END ENCRYPTED PRIVATE KEY-----", "is an encrypted PEM key")]
    [InlineData("/nonexistent/keys/app_private_key.pem", "is neither a key nor the path of an existing file")]
    public void A_garbled_private_key_is_explained_without_repeating_it(string garbled, string explanation)
    {
        var options = AlipayTestKeys.Options();
        options.AppPrivateKey = garbled;

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("Circula__Payments__Alipay__AppPrivateKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(explanation, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-text", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("AlipayPublicKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_key_where_the_public_key_belongs_or_a_certificate_is_refused()
    {
        var options = AlipayTestKeys.Options();
        options.AlipayPublicKey = AlipayTestKeys.Alipay.ExportPkcs8PrivateKeyPem();
        var result = Validate(options);
        Assert.Contains("Circula__Payments__Alipay__AlipayPublicKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("is a PEM 'PRIVATE KEY'", result.FailureMessage, StringComparison.Ordinal);

        options.AlipayPublicKey = "-----BEGIN CERTIFICATE-----\nc2VjcmV0LWtleS10ZXh0LXRoYXQtbXVzdC1ub3QtbGVhaw==\n-----END CERTIFICATE-----";
        Assert.Contains("in certificate mode the certificate goes in AlipayCertificate", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pem_on_one_line_with_escaped_newlines_is_accepted()
    {
        var options = AlipayTestKeys.Options();
        options.AppPrivateKey = AlipayTestKeys.App.ExportRSAPrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal);

        Assert.DoesNotContain('\n', options.AppPrivateKey);
        Assert.True(Validate(options).Succeeded);
        Assert.True(AlipaySigner.Verify("x", AlipayTestKeys.Keys(options).Sign("x"), AlipayTestKeys.App));
    }

    [Fact]
    public void The_applications_own_public_key_in_place_of_alipays_is_caught()
    {
        var options = AlipayTestKeys.Options();
        options.AlipayPublicKey = Convert.ToBase64String(AlipayTestKeys.App.ExportSubjectPublicKeyInfo());

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains("Circula__Payments__Alipay__AlipayPublicKey) is the application's own public key", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_1024_bit_key_is_too_small_for_rsa2()
    {
        using var small = RSA.Create(1024);
        var options = AlipayTestKeys.Options();
        options.AppPrivateKey = small.ExportPkcs8PrivateKeyPem();

        Assert.Contains("is a 1024-bit key; RSA2 needs at least 2048 bits", Validate(options).FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GatewayUrl", "http://openapi.alipay.com/gateway.do")]
    [InlineData("GatewayUrl", "gateway.do")]
    [InlineData("NotifyUrl", "ftp://shop.example.cn/notify")]
    [InlineData("ReturnUrl", "/pay/done")]
    [InlineData("AppId", "app-2021")]
    [InlineData("TimeoutSeconds", "0")]
    public void Bad_urls_app_ids_and_timeouts_are_named(string setting, string value)
    {
        var options = AlipayTestKeys.Options();
        typeof(AlipayOptions).GetProperty(setting)!.SetValue(options, setting == "TimeoutSeconds" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : value);

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains($"Circula__Payments__Alipay__{setting}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_is_accepted_for_a_loopback_gateway_only()
    {
        Assert.True(Validate(AlipayTestKeys.Options("http://127.0.0.1:5099/gateway.do")).Succeeded);
        Assert.True(Validate(AlipayTestKeys.Options("http://10.0.0.8/gateway.do")).Failed);
    }

    [Fact]
    public void Add_alipay_binds_from_configuration_and_validates_on_resolution()
    {
        using var broken = Provider(new() { ["Circula:Payments:Alipay:Enabled"] = "true", ["Circula:Payments:Alipay:AppId"] = "2021000000000001" });
        var error = Assert.Throws<OptionsValidationException>(() => broken.GetRequiredService<IOptions<AlipayOptions>>().Value);
        Assert.Contains("Circula__Payments__Alipay__AppPrivateKey", error.Message, StringComparison.Ordinal);

        using var disabled = Provider([]);
        Assert.False(disabled.GetRequiredService<IOptions<AlipayOptions>>().Value.Enabled);
        var keys = disabled.GetRequiredService<AlipayKeys>();
        Assert.Contains("Alipay is disabled", Assert.Throws<InvalidOperationException>(() => keys.Sign("x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_alipay_registers_the_verifier_the_builder_and_the_typed_client()
    {
        var o = AlipayTestKeys.Options();
        using var provider = Provider(new()
        {
            ["Circula:Payments:Alipay:Enabled"] = "true",
            ["Circula:Payments:Alipay:AppId"] = o.AppId,
            ["Circula:Payments:Alipay:AppPrivateKey"] = o.AppPrivateKey,
            ["Circula:Payments:Alipay:AlipayPublicKey"] = o.AlipayPublicKey,
            ["Circula:Payments:Alipay:NotifyUrl"] = o.NotifyUrl,
            ["Circula:Payments:Alipay:TimeoutSeconds"] = "7",
        });

        Assert.Equal(o.AppId, provider.GetRequiredService<IOptions<AlipayOptions>>().Value.AppId);
        Assert.Same(provider.GetRequiredService<AlipayKeys>(), provider.GetRequiredService<AlipayKeys>());
        Assert.NotNull(provider.GetRequiredService<AlipayNotificationVerifier>());
        Assert.NotNull(provider.GetRequiredService<AlipayPayRequestBuilder>());
        Assert.NotNull(provider.GetRequiredService<AlipayClient>());
        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AlipayClient)).Timeout);
        Assert.True(AlipaySigner.Verify("x", provider.GetRequiredService<AlipayKeys>().Sign("x"), AlipayTestKeys.App));
    }

    internal static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddAlipay()
            .BuildServiceProvider();
}
