using Circula.Payments.WeChatPay;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>The real server: WeChat Pay off (the default) changes nothing; on but incomplete, the server does not start.</summary>
public sealed class WeChatPayStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circula-wechatpay-").FullName;

    [Fact]
    public async Task With_wechat_pay_off_the_production_server_starts_and_needs_no_payment_settings()
    {
        await using var app = Build();

        await app.StartAsync();

        Assert.False(app.Services.GetRequiredService<IOptions<WeChatPayOptions>>().Value.Enabled);
        await app.StopAsync();
    }

    [Fact]
    public async Task With_wechat_pay_on_but_incomplete_the_server_refuses_to_start_and_names_what_to_set()
    {
        await using var app = Build("--Circula:Payments:WeChatPay:Enabled=true", "--Circula:Payments:WeChatPay:MchId=1900007291",
            "--Circula:Payments:WeChatPay:ApiV3Key=too-short");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Circula__Payments__WeChatPay__ApiV3Key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Circula__Payments__WeChatPay__MerchantPrivateKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Circula__Payments__WeChatPay__MchId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("too-short", error.Message, StringComparison.Ordinal);
    }

    private WebApplication Build(params string[] extra) => PaymentStartupApp.Build(_folder, ["--environment=Production", .. extra]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
