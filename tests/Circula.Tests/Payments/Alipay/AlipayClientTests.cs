using System.Text.Json;
using Circula.Payments.Alipay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Tests.Payments.Alipay;

/// <summary>One <see cref="AlipayPeer"/> for the class; clients are built the way the server builds them (AddAlipay).</summary>
public sealed class AlipayPeerFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 4, 0, 0, TimeSpan.Zero);

    public AlipayPeer Peer { get; } = new(AlipayTestKeys.App, AlipayTestKeys.Alipay);

    public Task InitializeAsync() => Peer.StartAsync();

    public Task DisposeAsync() => Peer.DisposeAsync().AsTask();

    /// <summary>A container configured for the peer; <paramref name="appPrivateKey"/> replaces the application's key.</summary>
    public ServiceProvider Services(string? appPrivateKey = null, string? gatewayUrl = null)
    {
        var o = AlipayTestKeys.Options(gatewayUrl ?? Peer.GatewayUrl);
        return ServicesFor(new Dictionary<string, string?>
        {
            ["AppPrivateKey"] = appPrivateKey ?? o.AppPrivateKey,
            ["AlipayPublicKey"] = o.AlipayPublicKey,
            ["GatewayUrl"] = o.GatewayUrl,
        });
    }

    /// <summary>
    /// A container built the way the server builds it (AddAlipay, options validated) from <paramref name="settings"/>
    /// under Circula:Payments:Alipay, beside the enabled test application's id, notify URL and timeout.
    /// </summary>
    public static ServiceProvider ServicesFor(IReadOnlyDictionary<string, string?> settings)
    {
        var o = AlipayTestKeys.Options();
        var configuration = new Dictionary<string, string?>
        {
            ["Circula:Payments:Alipay:Enabled"] = "true",
            ["Circula:Payments:Alipay:AppId"] = o.AppId,
            ["Circula:Payments:Alipay:NotifyUrl"] = o.NotifyUrl,
            ["Circula:Payments:Alipay:TimeoutSeconds"] = "2",
        };
        foreach (var (key, value) in settings)
        {
            configuration["Circula:Payments:Alipay:" + key] = value;
        }

        return new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build())
            .AddSingleton<TimeProvider>(new FixedClock(Now))
            .AddLogging()
            .AddAlipay()
            .BuildServiceProvider();
    }
}

public sealed class AlipayClientTests(AlipayPeerFixture fixture) : IClassFixture<AlipayPeerFixture>, IDisposable
{
    private readonly ServiceProvider _services = fixture.Services();

    private AlipayClient Client => _services.GetRequiredService<AlipayClient>();

    public void Dispose() => _services.Dispose();

    private (IReadOnlyDictionary<string, string> Fields, bool SignatureValid) CallFor(string outTradeNo) =>
        Assert.Single(fixture.Peer.Calls, c => c.Fields.GetValueOrDefault("biz_content")?.Contains($"\"{outTradeNo}\"", StringComparison.Ordinal) == true);

    [Fact]
    public async Task Query_is_signed_as_alipay_checks_it_and_the_signed_answer_is_trusted()
    {
        var result = await Client.QueryAsync("CQ-query-ok", CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(new AlipayTradeQueryResult(AlipayPeer.TradeNo, "CQ-query-ok", AlipayTradeStatus.TradeSuccess, 8888, "2088102177846880",
            new DateTimeOffset(2026, 1, 1, 4, 0, 1, TimeSpan.Zero)), result.Value);

        var (fields, signatureValid) = CallFor("CQ-query-ok");
        Assert.True(signatureValid);
        Assert.Equal(AlipayClient.QueryMethod, fields["method"]);
        Assert.Equal("RSA2", fields["sign_type"]);
        Assert.Equal("2026-01-01 12:00:00", fields["timestamp"]);
        Assert.Equal("""{"out_trade_no":"CQ-query-ok"}""", fields["biz_content"]);
        Assert.False(fields.ContainsKey("notify_url"));
    }

    [Fact]
    public async Task Close_and_refund_answers_are_verified_and_typed()
    {
        var closed = await Client.CloseAsync("CQ-close", CancellationToken.None);
        Assert.Equal(new AlipayTradeCloseResult(AlipayPeer.TradeNo, "CQ-close"), closed.Value);

        var refunded = await Client.RefundAsync("CQ-refund", 1050, "CQ-refund-1", "七天无理由", CancellationToken.None);
        Assert.Equal(new AlipayTradeRefundResult(AlipayPeer.TradeNo, "CQ-refund", 1050, true, new DateTimeOffset(2026, 1, 2, 1, 30, 0, TimeSpan.Zero)),
            refunded.Value);

        using var biz = JsonDocument.Parse(CallFor("CQ-refund").Fields["biz_content"]);
        Assert.Equal("10.50", biz.RootElement.GetProperty("refund_amount").GetString());
        Assert.Equal("CQ-refund-1", biz.RootElement.GetProperty("out_request_no").GetString());
        Assert.Equal("七天无理由", biz.RootElement.GetProperty("refund_reason").GetString());
        Assert.True(CallFor("CQ-refund").SignatureValid);
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("reserialized")]
    [InlineData("stranger")]
    [InlineData("unsigned")]
    public async Task An_answer_not_exactly_as_alipay_signed_it_is_not_trusted(string outTradeNo)
    {
        var result = await Client.QueryAsync(outTradeNo, CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Equal(AlipayError.UnverifiedResponse, result.Error);
    }

    [Fact]
    public async Task A_signed_business_failure_is_a_typed_error_with_code_and_sub_code()
    {
        var result = await Client.QueryAsync("missing", CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Equal(new AlipayError(AlipayErrorKind.Business, "40004", "Business Failed", AlipayError.TradeNotExist, "交易不存在"), result.Error);
    }

    [Fact]
    public async Task The_peer_refuses_a_request_signed_with_another_key()
    {
        using var services = fixture.Services(appPrivateKey: AlipayTestKeys.Stranger.ExportPkcs8PrivateKeyPem());

        var result = await services.GetRequiredService<AlipayClient>().QueryAsync("CQ-wrong-key", CancellationToken.None);

        Assert.False(CallFor("CQ-wrong-key").SignatureValid);
        Assert.Equal(AlipayErrorKind.Business, result.Error?.Kind);
        Assert.Equal("isv.invalid-signature", result.Error?.SubCode);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("two-nodes")]
    public async Task Http_errors_and_answers_of_the_wrong_shape_are_unavailable(string outTradeNo)
    {
        var result = await Client.QueryAsync(outTradeNo, CancellationToken.None);

        Assert.Equal(AlipayError.Unavailable, result.Error);
    }

    [Fact]
    public async Task A_gateway_that_is_not_listening_is_unavailable()
    {
        using var services = fixture.Services(gatewayUrl: "http://127.0.0.1:1/gateway.do");

        var result = await services.GetRequiredService<AlipayClient>().CloseAsync("CQ-nobody", CancellationToken.None);

        Assert.Equal(AlipayError.Unavailable, result.Error);
    }
}
