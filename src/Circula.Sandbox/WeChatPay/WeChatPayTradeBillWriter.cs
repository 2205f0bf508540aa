using System.Globalization;
using System.Text;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;

namespace Circula.Sandbox.WeChatPay;

/// <summary>A line of a WeChat Pay trade bill to write: a payment (SUCCESS) or, with a refund number, a refund (REFUND).</summary>
public sealed record TradeBillLine(DateTime AtUtc, string AppId, string MchId, string TransactionId, string OutTradeNo, string OpenId, string TradeType,
    long AmountFen, string? RefundId = null, string? OutRefundNo = null, long RefundFen = 0, string Product = "Circula 订单")
{
    public bool IsRefund => OutRefundNo is not null;
}

/// <summary>
/// Writes a WeChat Pay v3 trade bill (<c>bill_type=ALL</c>) as WeChat Pay does, for the sandbox and the test peers:
/// the detail header, one line per trade with every field behind a backtick, then the summary header and line.
/// Amounts are yuan with two decimals; the fee is 0.6% rounded to the fen (it is not compared, only shown).
/// </summary>
public static class WeChatPayTradeBillWriter
{
    public static string Write(IEnumerable<TradeBillLine> lines)
    {
        var all = lines.OrderBy(l => l.AtUtc).ToList();
        var text = new StringBuilder().Append(string.Join(',', WeChatPayTradeBill.Columns)).Append("\r\n");
        foreach (var l in all)
        {
            var settled = l.IsRefund ? 0 : l.AmountFen;
            string[] fields =
            [
                ChinaDay.TimeText(l.AtUtc), l.AppId, l.MchId, "0", "", l.TransactionId, l.OutTradeNo,
                l.OpenId, l.TradeType, l.IsRefund ? WeChatPayTradeBill.Refund : BillPayment.Success, "OTHERS", "CNY", Yuan(settled), "0.00", l.RefundId ?? "0",
                l.OutRefundNo ?? "0", Yuan(l.RefundFen), "0.00", l.IsRefund ? "ORIGINAL" : "", l.IsRefund ? BillPayment.Success : "", l.Product, "",
                Yuan(Fee(l)), "0.60%", Yuan(l.AmountFen), Yuan(l.RefundFen), "",
            ];
            text.Append(string.Join(',', fields.Select(f => "`" + f))).Append("\r\n");
        }

        var payments = all.Where(l => !l.IsRefund).ToList();
        text.Append(string.Join(',', WeChatPayTradeBill.SummaryColumns)).Append("\r\n");
        string[] summary =
        [
            all.Count.ToString(CultureInfo.InvariantCulture), Yuan(payments.Sum(l => l.AmountFen)), Yuan(all.Sum(l => l.RefundFen)), "0.00",
            Yuan(all.Sum(Fee)), Yuan(payments.Sum(l => l.AmountFen)), Yuan(all.Sum(l => l.RefundFen)),
        ];
        return text.Append(string.Join(',', summary.Select(f => "`" + f))).Append("\r\n").ToString();
    }

    private static long Fee(TradeBillLine l) => SandboxBillAmounts.Fee(l.IsRefund ? l.RefundFen : l.AmountFen, l.IsRefund);

    private static string Yuan(long fen) => SandboxBillAmounts.Yuan(fen);
}
