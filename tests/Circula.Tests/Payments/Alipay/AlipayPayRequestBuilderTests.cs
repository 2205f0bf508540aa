using System.Text.Json;
using Circula.Payments.Alipay;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Circula.Tests.Payments.Alipay;

/// <summary>The URLs the buyer's browser is sent to: every common parameter, signed as Alipay checks it.</summary>
public sealed class AlipayPayRequestBuilderTests
{
    /// <summary>23:30 UTC on 31 December is already 07:30 on 1 January in Beijing.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 31, 23, 30, 5, TimeSpan.Zero);

    private readonly AlipayKeys _keys = AlipayTestKeys.Keys(AlipayTestKeys.Options());

    private AlipayPayRequestBuilder Builder(AlipayOptions? options = null) =>
        new(_keys, Options.Create(options ?? AlipayTestKeys.Options()), new FixedClock(Now));

    [Theory]
    [InlineData(AlipayPayRequestBuilder.WapPayMethod, AlipayPayRequestBuilder.WapPayProductCode)]
    [InlineData(AlipayPayRequestBuilder.PagePayMethod, AlipayPayRequestBuilder.PagePayProductCode)]
    public void The_url_carries_every_common_parameter_and_a_signature_over_them(string method, string productCode)
    {
        var payment = new AlipayPayment("CO202601010001", 1234, "二手书 & 旧物 = 循环");
        var url = method == AlipayPayRequestBuilder.WapPayMethod ? Builder().WapPayUrl(payment) : Builder().PagePayUrl(payment);

        Assert.Equal("https://openapi.alipay.com/gateway.do", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => Assert.Single(p.Value.ToArray())!, StringComparer.Ordinal);
        Assert.Equal(AlipayTestKeys.AppId, query["app_id"]);
        Assert.Equal(method, query["method"]);
        Assert.Equal("JSON", query["format"]);
        Assert.Equal("utf-8", query["charset"]);
        Assert.Equal("RSA2", query["sign_type"]);
        Assert.Equal("2027-01-01 07:30:05", query["timestamp"]);
        Assert.Equal("1.0", query["version"]);
        Assert.Equal("https://shop.example.cn/api/v1/payments/alipay/notify", query["notify_url"]);
        Assert.Equal("https://shop.example.cn/pay/done", query["return_url"]);

        using var biz = JsonDocument.Parse(query["biz_content"]);
        Assert.Equal("CO202601010001", biz.RootElement.GetProperty("out_trade_no").GetString());
        Assert.Equal("12.34", biz.RootElement.GetProperty("total_amount").GetString());
        Assert.Equal("二手书 & 旧物 = 循环", biz.RootElement.GetProperty("subject").GetString());
        Assert.Equal(productCode, biz.RootElement.GetProperty("product_code").GetString());
        Assert.Contains("二手书", query["biz_content"], StringComparison.Ordinal);

        // Alipay's check: everything but sign, sign_type included, sorted, raw values, the app's public key.
        var content = AlipaySignContent.Build(query!, ["sign"]);
        Assert.StartsWith("app_id=2021000000000001&biz_content={", content, StringComparison.Ordinal);
        Assert.True(AlipaySigner.Verify(content, query["sign"], AlipayTestKeys.App));
        Assert.False(AlipaySigner.Verify(content, query["sign"], AlipayTestKeys.Stranger));
        Assert.False(AlipaySigner.Verify(content.Replace("12.34", "0.01", StringComparison.Ordinal), query["sign"], AlipayTestKeys.App));
        Assert.Equal(11, query.Count);
    }

    [Fact]
    public void The_timestamp_follows_the_injected_clock_in_beijing_time()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.FromHours(-5)));
        var url = new AlipayPayRequestBuilder(_keys, Options.Create(AlipayTestKeys.Options()), clock).PagePayUrl(new("T1", 1, "s"));

        Assert.Equal("2026-03-01 22:00:00", QueryHelpers.ParseQuery(url.Query)["timestamp"]);
    }

    [Fact]
    public void Optional_return_url_is_left_out_and_wap_pay_carries_quit_url_and_time_expire()
    {
        var options = AlipayTestKeys.Options("https://openapi.alipay.com/gateway.do?charset=utf-8");
        options.ReturnUrl = null;
        var url = Builder(options).WapPayUrl(new("T2", 8888, "s", Now.AddMinutes(30), "https://shop.example.cn/orders/T2"));

        Assert.StartsWith("https://openapi.alipay.com/gateway.do?charset=utf-8&", url.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.False(query.ContainsKey("return_url"));
        using var biz = JsonDocument.Parse(query["biz_content"].ToString());
        Assert.Equal("88.88", biz.RootElement.GetProperty("total_amount").GetString());
        Assert.Equal("2027-01-01 08:00:05", biz.RootElement.GetProperty("time_expire").GetString());
        Assert.Equal("https://shop.example.cn/orders/T2", biz.RootElement.GetProperty("quit_url").GetString());
    }

    [Theory]
    [InlineData("", 100, "s")]
    [InlineData("T3", 0, "s")]
    [InlineData("T3", -5, "s")]
    [InlineData("T3", 100, " ")]
    public void A_payment_without_number_amount_or_subject_is_a_programming_error(string outTradeNo, long fen, string subject) =>
        Assert.ThrowsAny<ArgumentException>(() => Builder().PagePayUrl(new(outTradeNo, fen, subject)));
}
