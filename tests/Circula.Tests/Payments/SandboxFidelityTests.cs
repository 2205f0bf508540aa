using System.Text;
using System.Text.Json;
using System.Web;
using Circula.Payments.Alipay;
using Circula.Payments.Endpoints;
using Circula.Payments.WeChatPay;
using Circula.Tests.Payments.Alipay;
using Microsoft.AspNetCore.WebUtilities;
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
