using System.Net;
using System.Text.Json;
using Circula.Payments.Alipay;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments;

/// <summary>The provider registry: what it knows validates requests; a provider not configured is not built and is 503 when asked for.</summary>
public sealed class PaymentProvidersTests : IDisposable
{
    private static readonly PaymentProviders NoneEnabled = new([WeChatPayProvider.Description, AlipayProvider.Description], []);

    private readonly string _folder = Directory.CreateTempSubdirectory("circula-providers-").FullName;

    [Theory]
    [InlineData("wechatpay", "jsapi", null)]
    [InlineData("alipay", "page", null)]
    [InlineData("wechatpay", "wap", "channel: must be jsapi or native for wechatpay.")]
    [InlineData("alipay", "native", "channel: must be wap or page for alipay.")]
    [InlineData("alipay", null, "channel: must be wap or page for alipay.")]
    [InlineData("unionpay", "wap", "provider: must be wechatpay or alipay.")]
    public void Providers_and_channels_are_checked_against_every_known_provider_enabled_or_not(string provider, string? channel, string? error)
    {
        var errors = new FieldErrors();

        NoneEnabled.CheckChannel(provider, channel, errors);

        Assert.Equal(error, errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}").SingleOrDefault());
    }

    [Fact]
    public void A_known_provider_that_is_not_enabled_is_not_found_and_asking_for_it_is_503()
    {
        Assert.Null(NoneEnabled.Find(AlipayProvider.Name));

        var refused = NoneEnabled.Get(AlipayProvider.Name);

        Assert.Equal((ErrorKind.Unavailable, PaymentProviders.Disabled, "Alipay is not configured on this server."),
            (refused.Error?.Kind, refused.Error?.Code, refused.Error?.Detail));
    }

    [Fact]
    public async Task In_production_no_provider_is_built_and_the_notify_urls_say_so()
    {
        await using var app = PaymentStartupApp.Build(_folder, "--environment=Production");
        await app.StartAsync();

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var providers = scope.ServiceProvider.GetRequiredService<PaymentProviders>();
            Assert.Equal([WeChatPayProvider.Name, AlipayProvider.Name], providers.Known.Select(k => k.Name));
            Assert.Empty(providers.Enabled);
        }

        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        var wechat = await http.PostAsync("/api/v1/payments/wechatpay/notify", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.NotFound, wechat.StatusCode);
        Assert.Equal("WeChat Pay is not enabled", JsonDocument.Parse(await wechat.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString());
        var alipay = await http.PostAsync("/api/v1/payments/alipay/notify", new FormUrlEncodedContent([new("notify_id", "1")]));
        Assert.Equal((HttpStatusCode.NotFound, "failure"), (alipay.StatusCode, await alipay.Content.ReadAsStringAsync()));
        await app.StopAsync();
    }

    [Fact]
    public async Task With_the_sandbox_both_providers_are_enabled_each_built_from_its_own_registration()
    {
        await using var app = PaymentStartupApp.Build(_folder, "--environment=Development", "--Circula:Sandbox:Enabled=true");
        await app.StartAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var enabled = scope.ServiceProvider.GetRequiredService<PaymentProviders>().Enabled;
        Assert.Equal([typeof(WeChatPayProvider), typeof(AlipayProvider)], enabled.Select(p => p.GetType()));
        Assert.All(enabled, p => Assert.NotNull(p.Bills));
        await app.StopAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
