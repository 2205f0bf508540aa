using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Sandbox.WeChat;
using Circula.Shared;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Identity;

/// <summary>The checks that stop a start with a clear message instead of failing at the first sign-in.</summary>
public sealed class IdentityOptionsTests
{
    /// <summary>Validated as the server does: after the sandbox, when it is loaded, post-configured the options.</summary>
    private static ValidateOptionsResult ValidateWeChat(bool sandbox, WeChatOptions options)
    {
        if (sandbox)
        {
            WeChatSandboxSetup.Apply(options);
        }

        return new WeChatOptionsValidator().Validate(null, options);
    }

    [Fact]
    public void WeChat_credentials_are_required_unless_the_sandbox_is_on()
    {
        var missing = ValidateWeChat(sandbox: false, new WeChatOptions());
        Assert.True(missing.Failed);
        Assert.Contains("Circula__WeChat__AppId", missing.FailureMessage, StringComparison.Ordinal);

        Assert.True(ValidateWeChat(sandbox: true, new WeChatOptions()).Succeeded);
        Assert.True(ValidateWeChat(sandbox: false, new WeChatOptions { AppId = "wx1", AppSecret = "s" }).Succeeded);
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("not a url")]
    public void A_wechat_base_url_must_be_absolute_http(string baseUrl) =>
        Assert.True(ValidateWeChat(sandbox: true, new WeChatOptions { BaseUrl = baseUrl }).Failed);

    [Fact]
    public void Pii_keys_must_be_base64_of_at_least_32_bytes()
    {
        var validator = new PiiOptionsValidator();
        Assert.True(validator.Validate(null, new PiiOptions { EncryptionKey = CirculaServer.PiiEncryptionKey, HashKey = CirculaServer.PiiHashKey }).Succeeded);

        var result = validator.Validate(null, new PiiOptions { EncryptionKey = Convert.ToBase64String(new byte[16]), HashKey = null });
        Assert.True(result.Failed);
        Assert.Contains("Pii:EncryptionKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Pii:HashKey", result.FailureMessage, StringComparison.Ordinal);
    }
}
