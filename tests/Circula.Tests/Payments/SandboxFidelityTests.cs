using System.Text;
using System.Text.Json;
using System.Web;
using Circula.Payments.Alipay;
using Circula.Payments.Endpoints;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.Alipay;
using Circula.Tests.Infrastructure;
using Circula.Tests.Payments.Alipay;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments;

/// <summary>What the providers send and take, as they send and take it: WeChat Pay's notification fields, Alipay's charsets, quit_url.</summary>
public sealed class SandboxFidelityTests
{
    [Fact]
    public void A_wechatpay_notification_as_the_sandbox_serializes_it_carries_exactly_wechat_pays_fields()
    {
        var notification = new WeChatPayNotification("EV-1", new DateTimeOffset(2026, 6, 1, 16, 0, 5, TimeSpan.FromHours(8)), WeChatPayNotification.TransactionSuccess,
            "encrypt-resource", new WeChatPayEncryptedResource(WeChatPayResourceDecryptor.Algorithm, "Y2lwaGVy", "nonce1234567", "transaction", "transaction"), "支付成功");

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(notification, WeChatPayJson.Options));

        Assert.Equal(["create_time", "event_type", "id", "resource", "resource_type", "summary"],
            json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["algorithm", "associated_data", "ciphertext", "nonce", "original_type"],
            json.RootElement.GetProperty("resource").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("gbk")]
    [InlineData("GBK")]
    [InlineData("gb2312")]
    [InlineData("utf-8")]
    public void An_alipay_notification_is_decoded_in_the_charset_it_names(string charset)
    {
        var encoding = AlipayNotifyForm.EncodingOf(charset)!;
        var body = Encoding.ASCII.GetBytes($"charset={charset}&subject={HttpUtility.UrlEncode("二手书 旧物", encoding)}&notify_id=n1");

        var form = AlipayNotifyForm.Read(body, out var problem);

        Assert.Null(problem);
        Assert.Equal("二手书 旧物", form!["subject"].ToString());
    }

    [Fact]
    public void An_alipay_notification_in_a_charset_alipay_does_not_use_is_refused_unread()
    {
        Assert.Null(AlipayNotifyForm.Read(Encoding.ASCII.GetBytes("charset=ebcdic&subject=x"), out var problem));
        Assert.Equal(AlipayNotifyForm.UnsupportedCharset, problem);
    }

    [Fact]
    public void The_configured_quit_url_goes_on_wap_pay_only()
    {
        var options = AlipayTestKeys.Options();
        options.QuitUrl = "https://shop.example.cn/orders";
        var builder = new AlipayPayRequestBuilder(AlipayTestKeys.Keys(options), Options.Create(options), TimeProvider.System);

        string? QuitUrl(Uri url)
        {
            using var biz = JsonDocument.Parse(QueryHelpers.ParseQuery(url.Query)["biz_content"].ToString());
            return biz.RootElement.TryGetProperty("quit_url", out var quit) ? quit.GetString() : null;
        }

        Assert.Equal("https://shop.example.cn/orders", QuitUrl(builder.WapPayUrl(new("T9", 100, "s"))));
        Assert.Null(QuitUrl(builder.PagePayUrl(new("T9", 100, "s"))));
        Assert.Contains("Circula__Payments__Alipay__QuitUrl", string.Join(' ', new AlipayOptionsValidator().Validate(null, Invalid(options)).Failures ?? []),
            StringComparison.Ordinal);
    }

    private static AlipayOptions Invalid(AlipayOptions options)
    {
        options.QuitUrl = "ftp://shop.example.cn/orders";
        return options;
    }
}

/// <summary>The Alipay sandbox's gateway takes requests as the official SDKs send them and answers refusals as Alipay does.</summary>
public abstract class AlipaySandboxGatewayTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    /// <summary>The SDKs' shape: every common parameter (sign included) in the query string, biz_content in the form body.</summary>
    private async Task<JsonElement> QueryAsSdksSendItAsync(bool breakSignature)
    {
        var options = server.Services.GetRequiredService<IOptions<AlipayOptions>>().Value;
        var parameters = AlipayGateway.SignedParameters(server.Services.GetRequiredService<AlipayKeys>(), options, server.Clock.GetUtcNow(), AlipayClient.QueryMethod,
            """{"out_trade_no":"P404"}""");
        if (breakSignature)
        {
            parameters["timestamp"] = "2020-01-01 00:00:00";
        }

        var common = parameters.Where(p => p.Key != "biz_content");
        using var response = await server.CreateClient().PostAsync(AlipaySandbox.BasePath + AlipaySandbox.GatewayPath + "?" + AlipayGateway.UrlEncode(common),
            new FormUrlEncodedContent([new("biz_content", parameters["biz_content"])]));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Common_parameters_in_the_query_string_are_taken_and_signed_over_with_the_body()
    {
        var answer = await QueryAsSdksSendItAsync(breakSignature: false);

        var node = answer.GetProperty(AlipayResponse.NodeName(AlipayClient.QueryMethod));
        Assert.Equal(AlipayError.TradeNotExist, node.GetProperty("sub_code").GetString()); // past the signature check: the trade is unknown
    }

    [Fact]
    public async Task A_request_whose_signature_fails_is_answered_in_error_response()
    {
        var answer = await QueryAsSdksSendItAsync(breakSignature: true);

        Assert.False(answer.TryGetProperty(AlipayResponse.NodeName(AlipayClient.QueryMethod), out _));
        var node = answer.GetProperty(AlipayResponse.ErrorNode);
        Assert.Equal(("40002", "isv.invalid-signature"), (node.GetProperty("code").GetString(), node.GetProperty("sub_code").GetString()));
        Assert.True(answer.TryGetProperty("sign", out _));
    }
}

public sealed class AlipaySandboxGatewayTestsOnSqlite(SqliteServer server) : AlipaySandboxGatewayTests<SqliteServer>(server);

public sealed class AlipaySandboxGatewayTestsOnPostgres(PostgresServer server) : AlipaySandboxGatewayTests<PostgresServer>(server);
