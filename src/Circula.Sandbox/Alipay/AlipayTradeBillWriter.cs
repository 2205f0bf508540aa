using System.Globalization;
using System.IO.Compression;
using System.Text;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;

namespace Circula.Sandbox.Alipay;

/// <summary>A line of an Alipay trade bill to write: a payment (交易) or, with <see cref="OutRequestNo"/>, a refund (退款) of <see cref="AmountFen"/>.</summary>
public sealed record AlipayBillLine(DateTime AtUtc, string TradeNo, string OutTradeNo, long AmountFen, string? OutRequestNo = null, string Product = "Circula 订单")
{
    public bool IsRefund => OutRequestNo is not null;
}

/// <summary>
/// Writes Alipay's trade bill zip as <c>bill_download_url</c> serves it, for the sandbox and the test peer: GBK CSV files
/// <c>{account}_{yyyyMMdd}_业务明细.csv</c> (comment lines, the header, one line per payment or refund with its ids padded
/// by a tab, the end-of-list rule and footer totals) and <c>…_业务明细(汇总).csv</c> (a summary by store), entry names in GBK.
/// Refund lines carry negative amounts; the service fee is <see cref="SandboxBillAmounts.Fee"/> (shown, not compared).
/// </summary>
public static class AlipayTradeBillWriter
{
    public const string Rule = "#-----------------------------------------";

    public static byte[] WriteZip(string account, DateOnly day, IEnumerable<AlipayBillLine> lines)
    {
        var all = lines.OrderBy(l => l.AtUtc).ToList();
        var prefix = account + "_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true, AlipayTradeBill.Gbk))
        {
            Add(archive, prefix + AlipayTradeBill.DetailSuffix, Detail(account, day, all));
            Add(archive, prefix + AlipayTradeBill.SummarySuffix, Summary(account, day, all));
        }

        return zip.ToArray();
    }

    /// <summary>The detail file's text (before GBK encoding).</summary>
    public static string Detail(string account, DateOnly day, IReadOnlyList<AlipayBillLine> lines)
    {
        var text = Head("#支付宝业务明细查询", account, day).Append(Rule).Append("业务明细列表").Append(Rule).Append("\r\n")
            .Append(string.Join(',', AlipayTradeBill.Columns)).Append("\r\n");
        foreach (var l in lines)
        {
            var amount = SandboxBillAmounts.Yuan(l.IsRefund ? -l.AmountFen : l.AmountFen);
            var created = ChinaDay.TimeText(l.IsRefund ? l.AtUtc : l.AtUtc.AddSeconds(-30));
            string[] fields =
            [
                l.TradeNo + "\t", l.OutTradeNo + "\t", (l.IsRefund ? AlipayTradeBill.RefundKind : AlipayTradeBill.PaymentKind) + "\t", Quote(l.Product), created,
                ChinaDay.TimeText(l.AtUtc), "", "", "", "", "sbx***@sandbox.com\t", amount, amount, "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00\t", "0.00",
                (l.OutRequestNo ?? "") + "\t", SandboxBillAmounts.Yuan(-Fee(l)), "0.00", "",
            ];
            text.Append(string.Join(',', fields)).Append("\r\n");
        }

        var payments = lines.Where(l => !l.IsRefund).ToList();
        var refunds = lines.Where(l => l.IsRefund).ToList();
        return text.Append(Rule).Append(AlipayTradeBill.ListEnd).Append(Rule).Append("\r\n")
            .Append("#交易合计：").Append(Count(payments.Count)).Append("笔，商家实收共").Append(SandboxBillAmounts.Yuan(payments.Sum(l => l.AmountFen))).Append("元，商家优惠共0.00元\r\n")
            .Append("#退款合计：").Append(Count(refunds.Count)).Append("笔，商家实收退款共").Append(SandboxBillAmounts.Yuan(-refunds.Sum(l => l.AmountFen))).Append("元，商家优惠退款共0.00元\r\n")
            .Append(Exported(day)).ToString();
    }

    /// <summary>The summary file: one line for the (only) store, read past by the parser.</summary>
    private static string Summary(string account, DateOnly day, IReadOnlyList<AlipayBillLine> lines)
    {
        var net = lines.Sum(l => l.IsRefund ? -l.AmountFen : l.AmountFen);
        string[] row =
        [
            "", "Circula", Count(lines.Count(l => !l.IsRefund)), Count(lines.Count(l => l.IsRefund)), SandboxBillAmounts.Yuan(net), SandboxBillAmounts.Yuan(net),
            "0.00", "0.00", SandboxBillAmounts.Yuan(-lines.Sum(Fee)), "0.00", SandboxBillAmounts.Yuan(net - lines.Sum(Fee)),
        ];
        return Head("#支付宝业务汇总查询", account, day).Append(Rule).Append("业务汇总列表").Append(Rule).Append("\r\n")
            .Append("门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,服务费（元）,分润（元）,实收净额（元）\r\n")
            .Append(string.Join(',', row)).Append("\r\n")
            .Append(Rule).Append("业务汇总列表结束").Append(Rule).Append("\r\n")
            .Append(Exported(day)).ToString();
    }

    private static StringBuilder Head(string title, string account, DateOnly day) => new StringBuilder()
        .Append(title).Append("\r\n").Append("#账号：[").Append(account).Append("]\r\n")
        .Append("#起始日期：[").Append(Chinese(day)).Append(" 00:00:00]   终止日期：[").Append(Chinese(day.AddDays(1))).Append(" 00:00:00]\r\n");

    /// <summary>Alipay makes the bill the next morning.</summary>
    private static string Exported(DateOnly day) => "#导出时间：[" + Chinese(day.AddDays(1)) + " 09:00:00]\r\n";

    private static string Chinese(DateOnly day) => day.ToString("yyyy年MM月dd日", CultureInfo.InvariantCulture);

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Add(ZipArchive archive, string name, string text)
    {
        using var entry = archive.CreateEntry(name).Open();
        entry.Write(AlipayTradeBill.Gbk.GetBytes(text));
    }

    /// <summary>A field with a comma or a quote is quoted, CSV style.</summary>
    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static long Fee(AlipayBillLine l) => SandboxBillAmounts.Fee(l.AmountFen, l.IsRefund);
}
