using System.IO.Compression;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;

using Circula.Sandbox.Alipay;
namespace Circula.Tests.Payments.Bills;

public sealed class AlipayTradeBillTests
{
    // As Alipay writes the detail file of a trade bill: comment lines, the header, ids padded with tabs and spaces, a product
    // name with a comma (quoted), a refund (退款, negative amounts, our out_request_no), the end-of-list rule and footer lines.
    private const string Detail =
        "#支付宝业务明细查询\r\n" +
        "#账号：[20881021778468800156]\r\n" +
        "#起始日期：[2026年06月01日 00:00:00]   终止日期：[2026年06月02日 00:00:00]\r\n" +
        "#-----------------------------------------业务明细列表----------------------------------------\r\n" +
        "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）," +
        "集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n" +
        "2026060122001400000000000001\t,P7214567890987654321\t,交易\t,\"二手书《活着》,九成新\",2026-06-01 00:00:01,2026-06-01 00:00:03,    ,    ,    ,    ," +
        "**佳(sbx***@163.com)    ,25.90,25.90,0.00,0.00,0.00,0.00,0.00,,0.00    ,0.00,    ,-0.16,0.00,\r\n" +
        "2026060122001400000000000002 ,P7214567890987654322 ,交易 ,回收上门费,2026-06-01 23:59:50,2026-06-01 23:59:58, , , , ,sbx***@sandbox.com ," +
        "0.01,0.01,0.00,0.00,0.00,0.00,0.00,,0.00,0.00, ,0.00,0.00,\r\n" +
        "2026053122001400000000000009\t,P7214567890987654300\t,退款\t,旧衣回收,2026-06-01 12:30:00,2026-06-01 12:30:00, , , , ,sbx***@sandbox.com ," +
        "-100.00,-100.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,R7214567890987654399\t,0.60,0.00,\r\n" +
        "#-----------------------------------------业务明细列表结束------------------------------------\r\n" +
        "#交易合计：2笔，商家实收共25.91元，商家优惠共0.00元\r\n" +
        "#退款合计：1笔，商家实收退款共-100.00元，商家优惠退款共0.00元\r\n" +
        "#导出时间：[2026年06月02日 09:12:45]\r\n";

    private static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true, AlipayTradeBill.Gbk))
        {
            foreach (var (name, text) in files)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(AlipayTradeBill.Gbk.GetBytes(text));
            }
        }

        return zip.ToArray();
    }

    private static byte[] RealZip(string detail) =>
        Zip(("20881021778468800156_20260601_业务明细.csv", detail), ("20881021778468800156_20260601_业务明细(汇总).csv", "#支付宝业务汇总查询\r\n"));

    [Fact]
    public void A_real_format_gbk_zip_gives_its_payments_and_refunds_in_fen_and_utc()
    {
        var (payments, refunds) = AlipayTradeBill.ParseZip(RealZip(Detail));

        Assert.Equal(
        [
            new BillPayment("P7214567890987654321", "2026060122001400000000000001", BillPayment.Success, 2590, new DateTime(2026, 5, 31, 16, 0, 3, DateTimeKind.Utc)),
            new BillPayment("P7214567890987654322", "2026060122001400000000000002", BillPayment.Success, 1, new DateTime(2026, 6, 1, 15, 59, 58, DateTimeKind.Utc)),
        ], payments);
        Assert.Equal(new BillRefund("P7214567890987654300", "R7214567890987654399", "2026053122001400000000000009", BillPayment.Success, 10000,
            new DateTime(2026, 6, 1, 4, 30, 0, DateTimeKind.Utc)), Assert.Single(refunds));
    }

    [Theory]
    [InlineData("#-----------------------------------------业务明细列表结束", "", "is incomplete")]
    [InlineData(",25.90,25.90,", ",25.900,25.90,", "amount \"25.900\"")]
    [InlineData(",-100.00,-100.00,", ",--100.00,-100.00,", "amount \"--100.00\"")]
    [InlineData(",交易 ,", ",冻结 ,", "业务类型 \"冻结\"")]
    [InlineData(",2026-06-01 00:00:03,", ",2026/06/01 00:00:03,", "time \"2026/06/01 00:00:03\"")]
    [InlineData("\"二手书《活着》,九成新\"", "二手书《活着》,九成新", "26 fields, the header has 25")]
    [InlineData(",退款批次号/请求号,", ",退款批次号,", "no column 退款批次号/请求号")]
    public void A_broken_detail_file_is_refused_with_the_line(string find, string replace, string reason)
    {
        MalformedBill.AssertRefused(() => AlipayTradeBill.ParseZip(RealZip(MalformedBill.Break(Detail, find, replace))), reason);
    }

    [Fact]
    public void A_zip_without_one_detail_file_or_no_zip_at_all_is_refused()
    {
        var summaryOnly = Assert.Throws<BillUnavailableException>(() => AlipayTradeBill.ParseZip(Zip(("2088_20260601_业务明细(汇总).csv", "#\r\n"))));
        Assert.Contains("0 files ending _业务明细.csv (2088_20260601_业务明细(汇总).csv)", summaryOnly.Message, StringComparison.Ordinal);
        var notZip = Assert.Throws<BillUnavailableException>(() => AlipayTradeBill.ParseZip(AlipayTradeBill.Gbk.GetBytes(Detail)));
        Assert.Equal(BillUnavailableException.Malformed, notZip.Code);
    }

    [Fact]
    public void What_the_sandbox_writes_reads_back()
    {
        var at = new DateTime(2026, 6, 1, 2, 0, 0, DateTimeKind.Utc);
        var zip = AlipayTradeBillWriter.WriteZip("2088000000000002", new DateOnly(2026, 6, 1),
        [
            new AlipayBillLine(at, "2026060122001400000000000001", "P1", 2590, Product: "旧书, 两本"),
            new AlipayBillLine(at.AddHours(1), "2026060122001400000000000001", "P1", 1000, "R1"),
        ]);

        var (payments, refunds) = AlipayTradeBill.ParseZip(zip);
        Assert.Equal(new BillPayment("P1", "2026060122001400000000000001", BillPayment.Success, 2590, at), Assert.Single(payments));
        Assert.Equal(new BillRefund("P1", "R1", "2026060122001400000000000001", BillPayment.Success, 1000, at.AddHours(1)), Assert.Single(refunds));
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read, leaveOpen: false, AlipayTradeBill.Gbk);
        Assert.Equal(["2088000000000002_20260601_业务明细.csv", "2088000000000002_20260601_业务明细(汇总).csv"], archive.Entries.Select(e => e.Name));
    }
}
