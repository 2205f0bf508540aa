using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Payments;
using Circula.Payments.WeChatPay;
using Circula.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.WeChatPay;

/// <summary>Starts <see cref="WeChatPayPeer"/> and makes clients configured, as a server would be, through <see cref="PaymentsModule"/>.</summary>
public sealed class WeChatPayPeerFixture : IAsyncLifetime
{
    public WeChatPayPeer Peer { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public WeChatPayClient Client => Services.GetRequiredService<WeChatPayClient>();

    public async Task InitializeAsync()
    {
        await Peer.StartAsync();
        Services = CreateServices(Peer.MerchantKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Services configured for the peer; another merchant key or clock makes a client the peer must refuse.</summary>
    /// <param name="overrides">Settings under Circula:Payments:WeChatPay to replace (a null value removes one).</param>
    public ServiceProvider CreateServices(string merchantPrivateKeyPem, TimeProvider? clock = null, string? baseUrl = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Circula:Payments:WeChatPay:Enabled"] = "true",
            ["Circula:Payments:WeChatPay:MchId"] = WeChatPayPeer.MchId,
            ["Circula:Payments:WeChatPay:AppId"] = WeChatPayPeer.AppId,
            ["Circula:Payments:WeChatPay:MerchantSerialNumber"] = WeChatPayPeer.MerchantSerial,
            ["Circula:Payments:WeChatPay:MerchantPrivateKey"] = merchantPrivateKeyPem,
            ["Circula:Payments:WeChatPay:ApiV3Key"] = WeChatPayPeer.ApiV3Key,
            ["Circula:Payments:WeChatPay:WeChatPayPublicKeyId"] = WeChatPayPeer.PublicKeyId,
            ["Circula:Payments:WeChatPay:WeChatPayPublicKey"] = Peer.PlatformPublicKeyPem,
            ["Circula:Payments:WeChatPay:BaseUrl"] = baseUrl ?? Peer.BaseUrl,
            ["Circula:Payments:WeChatPay:NotifyUrl"] = "https://shop.example.com/api/v1/payments/wechatpay/notify",
            ["Circula:Payments:WeChatPay:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings["Circula:Payments:WeChatPay:" + key] = value;
        }

        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        var provider = services.AddPaymentsModuleOnly().BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<WeChatPayOptions>>().Value; // validates, as ValidateOnStart would
        return provider;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Peer.DisposeAsync();
    }
}

/// <summary>The typed client against the loopback peer: every request is signed as WeChat Pay checks it, every answer verified.</summary>
public sealed class WeChatPayClientTests(WeChatPayPeerFixture fixture) : IClassFixture<WeChatPayPeerFixture>
{
    private static JsapiPrepayRequest Prepay(string outTradeNo, long total = 4200) => new(WeChatPayPeer.AppId, WeChatPayPeer.MchId, "循环小铺-二手书 x2",
        outTradeNo, "https://shop.example.com/api/v1/payments/wechatpay/notify", new WeChatPayOrderAmount(total), new WeChatPayPayer("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
        TimeExpire: new DateTimeOffset(2025, 6, 15, 23, 36, 40, TimeSpan.FromHours(8)));

    private WeChatPayPeer.PeerCall CallFor(string fragment) => Assert.Single(fixture.Peer.Calls, c => c.Target.Contains(fragment, StringComparison.Ordinal) || c.Body.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public async Task A_jsapi_prepay_is_signed_as_wechat_pay_checks_it_and_its_signed_prepay_id_is_accepted()
    {
        var outTradeNo = "CIR" + Guid.NewGuid().ToString("N")[..20];
        var result = await fixture.Client.JsapiPrepayAsync(Prepay(outTradeNo), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal("wx" + outTradeNo, result.Value!.PrepayId);
        var call = CallFor(outTradeNo);
        Assert.Null(call.Rejection);
        Assert.Equal(("POST", "/v3/pay/transactions/jsapi"), (call.Method, call.Target));
        Assert.Equal(JsonSerializer.Serialize(Prepay(outTradeNo), WeChatPayJson.Options), call.Body);
        Assert.Contains("\"time_expire\":\"2025-06-15T23:36:40+08:00\"", call.Body, StringComparison.Ordinal);
        Assert.Contains("\"amount\":{\"total\":4200,\"currency\":\"CNY\"}", call.Body, StringComparison.Ordinal);
        Assert.Equal(WeChatPayPeer.PublicKeyId, call.WechatpaySerial);
        Assert.Equal("application/json", call.Accept);
        Assert.StartsWith("Circula-WeChatPay/", call.UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_payment_parameters_for_the_mini_program_carry_a_pay_sign_the_merchant_public_key_verifies()
    {
        var prepay = await fixture.Client.JsapiPrepayAsync(Prepay("CIR" + Guid.NewGuid().ToString("N")[..20]), CancellationToken.None);
        var parameters = fixture.Client.JsapiPaymentParameters(prepay.Value!.PrepayId);

        Assert.Equal(("prepay_id=" + prepay.Value.PrepayId, "RSA", WeChatPayPeer.AppId), (parameters.Package, parameters.SignType, parameters.AppId));
        Assert.Matches("^[0-9a-zA-Z]{32}$", parameters.NonceStr);
        Assert.InRange(long.Parse(parameters.TimeStamp, System.Globalization.CultureInfo.InvariantCulture),
            TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() - 60, TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        var message = $"{WeChatPayPeer.AppId}\n{parameters.TimeStamp}\n{parameters.NonceStr}\n{parameters.Package}\n";
        Assert.True(fixture.Peer.MerchantKey.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(parameters.PaySign),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Native_prepay_returns_the_code_url()
    {
        var result = await fixture.Client.NativePrepayAsync(new NativePrepayRequest(WeChatPayPeer.AppId, WeChatPayPeer.MchId, "循环小铺-扫码", "CIRnative01",
            "https://shop.example.com/api/v1/payments/wechatpay/notify", new WeChatPayOrderAmount(1)), CancellationToken.None);

        Assert.Equal("weixin://wxpay/bizpayurl?pr=CIRnative01", result.Value?.CodeUrl);
    }

    [Fact]
    public async Task A_query_signs_the_path_with_its_query_and_returns_the_transaction_in_fen()
    {
        var result = await fixture.Client.QueryByOutTradeNoAsync("CIRquery01", CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ToString());
        var call = CallFor("CIRquery01");
        Assert.Equal(("GET", "/v3/pay/transactions/out-trade-no/CIRquery01?mchid=1900007291", ""), (call.Method, call.Target, call.Body));
        Assert.Null(call.Rejection);
        Assert.Equal(WeChatPayTransaction.Success, result.Value!.TradeState);
        Assert.Equal(new WeChatPayTransactionAmount(4200, 4100, "CNY", "CNY"), result.Value.Amount);
    }

    [Fact]
    public async Task Close_accepts_the_signed_204()
    {
        var result = await fixture.Client.CloseAsync("CIRclose01", CancellationToken.None);

        Assert.Equal(new WeChatPayOrderClosed("CIRclose01"), result.Value);
        var call = CallFor("CIRclose01");
        Assert.Equal(("/v3/pay/transactions/out-trade-no/CIRclose01/close", """{"mchid":"1900007291"}"""), (call.Target, call.Body));
    }

    [Fact]
    public async Task A_refund_returns_the_refund_in_fen()
    {
        var result = await fixture.Client.RefundAsync(new RefundRequest(null, "CIRrefund01", "CIRrefund01-R1", new RefundRequestAmount(1000, 4200), "买家退货"),
            CancellationToken.None);

        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Equal(("CIRrefund01-R1", WeChatPayRefund.Processing), (result.Value!.OutRefundNo, result.Value.Status));
        Assert.Equal((4200L, 1000L), (result.Value.Amount.Total, result.Value.Amount.Refund));
        Assert.Equal("""{"out_trade_no":"CIRrefund01","out_refund_no":"CIRrefund01-R1","amount":{"refund":1000,"total":4200,"currency":"CNY"},"reason":"买家退货"}""",
            CallFor("CIRrefund01-R1").Body);
    }

    [Theory]
    [InlineData("bad-signature", "signature_invalid")]
    [InlineData("tampered-body", "signature_invalid")]
    [InlineData("unknown-serial", "unknown_serial")]
    [InlineData("stale", "timestamp_expired")]
    public async Task An_answer_whose_signature_does_not_verify_is_not_trusted(string outTradeNo, string code)
    {
        var result = await fixture.Client.JsapiPrepayAsync(Prepay(outTradeNo), CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Equal((WeChatPayErrorKind.Unverified, 200, code), (result.Error!.Kind, result.Error.Status, result.Error.Code));
    }

    [Fact]
    public async Task A_verified_answer_that_is_not_the_expected_json_is_response_malformed()
    {
        var result = await fixture.Client.JsapiPrepayAsync(Prepay("not-json"), CancellationToken.None);

        Assert.Equal((WeChatPayErrorKind.Unavailable, WeChatPayError.ResponseMalformed), (result.Error!.Kind, result.Error.Code));
    }

    [Fact]
    public async Task Wechat_pay_error_bodies_become_typed_errors_with_the_request_id()
    {
        var paramError = await fixture.Client.JsapiPrepayAsync(Prepay("param-error"), CancellationToken.None);
        var missing = await fixture.Client.QueryByOutTradeNoAsync("missing", CancellationToken.None);

        Assert.Equal(new WeChatPayError(WeChatPayErrorKind.Rejected, 400, "PARAM_ERROR", "参数错误", "08F78BB5AF0610D302A4B2ED1C06FAE40"), paramError.Error);
        Assert.Equal((WeChatPayErrorKind.Rejected, 404, "ORDER_NOT_EXIST"), (missing.Error!.Kind, missing.Error.Status, missing.Error.Code));
    }

    [Fact]
    public async Task The_peer_refuses_a_request_signed_with_another_merchant_key_or_an_old_clock()
    {
        using var otherKey = RSA.Create(2048);
        await using var impostor = fixture.CreateServices(otherKey.ExportPkcs8PrivateKeyPem());
        var lateClock = new ManualClock();
        lateClock.Advance(TimeSpan.FromMinutes(-6));
        await using var late = fixture.CreateServices(fixture.Peer.MerchantKey.ExportPkcs8PrivateKeyPem(), lateClock);

        var forged = await impostor.GetRequiredService<WeChatPayClient>().JsapiPrepayAsync(Prepay("CIRforged01"), CancellationToken.None);
        var stale = await late.GetRequiredService<WeChatPayClient>().JsapiPrepayAsync(Prepay("CIRlate01"), CancellationToken.None);

        // WeChat Pay does not sign its answer to a request whose signature failed: reported, never trusted.
        Assert.Equal((WeChatPayErrorKind.Unverified, 401, "SIGN_ERROR"), (forged.Error!.Kind, forged.Error.Status, forged.Error.Code));
        Assert.Equal("signature", CallFor("CIRforged01").Rejection);
        Assert.Equal((WeChatPayErrorKind.Unverified, 401, "SIGN_ERROR"), (stale.Error!.Kind, stale.Error.Status, stale.Error.Code));
        Assert.Equal("timestamp", CallFor("CIRlate01").Rejection);
    }

    [Fact]
    public async Task An_unreachable_wechat_pay_is_unavailable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var services = fixture.CreateServices(fixture.Peer.MerchantKey.ExportPkcs8PrivateKeyPem(), baseUrl: $"http://127.0.0.1:{port}");

        var result = await services.GetRequiredService<WeChatPayClient>().QueryByOutTradeNoAsync("CIRdown01", CancellationToken.None);

        Assert.Equal((WeChatPayErrorKind.Unavailable, WeChatPayError.NetworkError), (result.Error!.Kind, result.Error.Code));
    }
}
