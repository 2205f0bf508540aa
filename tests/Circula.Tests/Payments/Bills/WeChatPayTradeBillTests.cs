using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Circula.Sandbox.WeChatPay;

namespace Circula.Tests.Payments.Bills;

public sealed class WeChatPayTradeBillTests
{
    // As WeChat Pay sends an ALL bill: a UTF-8 BOM, CRLF lines, every detail field behind a backtick (empty ones too), yuan amounts
    // written "25.90", "0.0" and "0", a product name with a comma, a refund line (交易状态 REFUND), then the summary section.
    private const string Bill =
        "\uFEFF交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额," +
        "微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\r\n" +
        "`2026-06-01 00:00:03,`wxd678efh567hg6787,`1900007291,`0,`,`4200002601202606010000000001,`P7214567890987654321,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o," +
        "`JSAPI,`SUCCESS,`CMB_CREDIT,`CNY,`25.90,`0.0,`0,`0,`0,`0,`,`,`二手书《活着》,九成新,`,`0.16,`0.60%,`25.90,`0.00,`\r\n" +
        "`2026-06-01 23:59:58,`wxd678efh567hg6787,`1900007291,`0,`,`4200002601202606010000000002,`P7214567890987654322,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6p," +
        "`NATIVE,`SUCCESS,`OTHERS,`CNY,`0.01,`0.00,`0,`0,`0.00,`0.00,`,`,`回收上门费,`,`0.00,`0.60%,`0.01,`0.00,`\r\n" +
        "`2026-06-01 12:30:00,`wxd678efh567hg6787,`1900007291,`0,`,`4200002601202605310000000009,`P7214567890987654300,`oUpF8uMuAJO_M2pxb1Q9zNjWeS6q," +
        "`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300008012026060100000000001,`R7214567890987654399,`100,`0.00,`ORIGINAL,`SUCCESS,`旧衣回收,`,`-0.60," +
        "`0.60%,`100,`100.00,`\r\n" +
        "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n" +
        "`3,`25.91,`100.00,`0.00,`-0.44,`125.91,`100.00\r\n";

    [Fact]
    public void A_real_format_bill_gives_its_payments_and_refunds_in_fen_and_utc()
    {
        var (payments, refunds) = WeChatPayTradeBill.Parse(Bill);

        Assert.Equal(
        [
            new BillPayment("P7214567890987654321", "4200002601202606010000000001", "SUCCESS", 2590, new DateTime(2026, 5, 31, 16, 0, 3, DateTimeKind.Utc)),
            new BillPayment("P7214567890987654322", "4200002601202606010000000002", "SUCCESS", 1, new DateTime(2026, 6, 1, 15, 59, 58, DateTimeKind.Utc)),
        ], payments);
        var refund = Assert.Single(refunds);
        Assert.Equal(new BillRefund("P7214567890987654300", "R7214567890987654399", "50300008012026060100000000001", "SUCCESS", 10000,
            new DateTime(2026, 6, 1, 4, 30, 0, DateTimeKind.Utc)), refund);
    }

    [Theory]
    [InlineData("总交易单数", "", "no summary section")]
    [InlineData("`0.60%,`25.90,", "`0.60%,`25.900,", "amount \"25.900\"")]
    [InlineData("`2026-06-01 00:00:03,", "`2026-06-01T00:00:03,", "time \"2026-06-01T00:00:03\"")]
    [InlineData("\r\n`2026-06-01 23:59:58", "\r\n2026-06-01 23:59:58", "a detail field does not start with a backtick")]
    [InlineData("`二手书《活着》,九成新,`", "`二手书《活着》,`九成新,`", "28 fields, the header has 27")]
    public void A_broken_bill_is_refused_with_the_line(string find, string replace, string reason)
    {
        MalformedBill.AssertRefused(() => WeChatPayTradeBill.Parse(MalformedBill.Break(Bill, find, replace)), reason);
    }

    [Fact]
    public void What_the_sandbox_writes_reads_back()
    {
        var at = new DateTime(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc);
        var text = WeChatPayTradeBillWriter.Write(
        [
            new TradeBillLine(at, "wx1", "1900000001", "4200000000000000000000000001", "P1", "openid", "NATIVE", 2590),
            new TradeBillLine(at.AddHours(1), "wx1", "1900000001", "4200000000000000000000000001", "P1", "openid", "NATIVE", 2590, "5000001", "R1", 1000),
        ]);

        var (payments, refunds) = WeChatPayTradeBill.Parse(text);
        Assert.Equal(new BillPayment("P1", "4200000000000000000000000001", "SUCCESS", 2590, at), Assert.Single(payments));
        Assert.Equal(new BillRefund("P1", "R1", "5000001", "SUCCESS", 1000, at.AddHours(1)), Assert.Single(refunds));
        Assert.EndsWith("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n`2,`25.90,`10.00,`0.00,`0.10,`25.90,`10.00\r\n", text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_bill_date_is_a_china_day()
    {
        var day = new DateOnly(2026, 6, 1);
        Assert.Equal((new DateTime(2026, 5, 31, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 1, 16, 0, 0, DateTimeKind.Utc)), ChinaDay.WindowUtc(day));
        Assert.Equal(day, ChinaDay.Of(new DateTimeOffset(2026, 5, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(day.AddDays(-1), ChinaDay.Of(new DateTimeOffset(2026, 5, 31, 15, 59, 59, TimeSpan.Zero)));
        Assert.False(ChinaDay.TryParse("2026-6-1", out _));
    }
}
