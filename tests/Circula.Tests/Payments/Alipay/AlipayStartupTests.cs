using Circula.Payments.Alipay;
using Circula.Sandbox.Alipay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>The real server: the Alipay sandbox exists only with the sandbox enabled and no AppId configured.</summary>
public sealed class AlipayStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circula-alipay-").FullName;

    [Fact]
    public async Task In_production_alipay_is_off_and_no_sandbox_route_is_mapped()
    {
        await using var app = Build("--environment=Production");

        await app.StartAsync();

        Assert.False(app.Services.GetRequiredService<IOptions<AlipayOptions>>().Value.Enabled);
        Assert.DoesNotContain(Routes(app), r => r.StartsWith(AlipaySandbox.BasePath, StringComparison.Ordinal));
        Assert.Contains(AlipayEndpoints.NotifyPath, Routes(app));
        Assert.False(File.Exists(Path.Combine(_folder, "secrets", AlipaySandboxSetup.AppKeyFile)));
        await app.StopAsync();
    }

    [Fact]
    public async Task With_the_sandbox_enabled_and_no_app_id_the_sandbox_plays_alipay_with_generated_keys()
    {
        await using var app = Build("--environment=Development", "--Circula:Sandbox:Enabled=true");

        await app.StartAsync();

        var options = app.Services.GetRequiredService<IOptions<AlipayOptions>>().Value;
        Assert.Equal((true, true, AlipaySandboxSetup.AppId), (options.Enabled, app.Services.GetService<IAlipayStandIn>() is not null, options.AppId));
        Assert.Contains(AlipaySandbox.BasePath + "/pay", Routes(app));
        Assert.True(File.Exists(Path.Combine(_folder, "secrets", AlipaySandboxSetup.AlipayKeyFile)));
        await app.StopAsync();
    }

    [Fact]
    public async Task With_a_real_app_id_the_sandbox_does_not_take_over_even_in_development()
    {
        await using var app = Build("--environment=Development", "--Circula:Sandbox:Enabled=true", "--Circula:Payments:Alipay:Enabled=true",
            "--Circula:Payments:Alipay:AppId=2021004100000001", $"--Circula:Payments:Alipay:AppPrivateKey={AlipayTestKeys.AppPrivateKeyBase64}",
            $"--Circula:Payments:Alipay:AlipayPublicKey={AlipayTestKeys.AlipayPublicKeyBase64}",
            "--Circula:Payments:Alipay:NotifyUrl=https://shop.example.com/api/v1/payments/alipay/notify");

        await app.StartAsync();

        var options = app.Services.GetRequiredService<IOptions<AlipayOptions>>().Value;
        Assert.Equal((true, false, "2021004100000001"), (options.Enabled, app.Services.GetService<IAlipayStandIn>() is not null, options.AppId));
        Assert.DoesNotContain(Routes(app), r => r.StartsWith(AlipaySandbox.BasePath, StringComparison.Ordinal));
        Assert.Equal("https://shop.example.com/api/v1/payments/alipay/notify", app.Services.GetRequiredService<AlipayEndpoints>().NotifyUrl);
        await app.StopAsync();
    }

    private static List<string> Routes(WebApplication app) =>
        ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToList();

    private WebApplication Build(params string[] extra) => PaymentStartupApp.Build(_folder, extra);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
