using Circula.Payments.Alipay;
using Circula.Payments.Bills;

namespace Circula.Payments.WeChatPay;

/// <summary>
/// Reads a WeChat Pay v3 trade bill (<c>bill_type=ALL</c>, not compressed): UTF-8 CSV text in two sections, each a
/// header line and data lines. The detail header names the columns (交易时间, ..., 商户订单号, 交易状态, ...,
/// 订单金额, 申请退款金额, ...); every detail field starts with a backtick (`) so spreadsheets keep long numbers as
/// text; amounts are yuan ("25.90"); times are China time (yyyy-MM-dd HH:mm:ss). The summary section starts with
/// the header 总交易单数,... and is required (a bill without it was cut short). Fields are found by header name,
/// so added columns do not break it, and lines are split on ",`" so a comma inside a product name does not either.
/// </summary>
public static class WeChatPayTradeBill
{
    public const string SummaryHeaderStart = "总交易单数";
    public const string Refund = "REFUND";

    /// <summary>The detail columns of an ALL bill, in WeChat Pay's order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行", "货币种类",
        "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包",
        "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
    ];

    /// <summary>The summary columns of an ALL bill.</summary>
    public static readonly IReadOnlyList<string> SummaryColumns = [SummaryHeaderStart, "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"];

    private const string TradeTime = "交易时间", TransactionId = "微信订单号", OutTradeNo = "商户订单号", TradeState = "交易状态", OrderAmount = "订单金额",
        RefundId = "微信退款单号", OutRefundNo = "商户退款单号", RefundState = "退款状态", RefundAmount = "申请退款金额";

    /// <summary>The payment and refund lines; <see cref="BillUnavailableException"/> (<c>bill_malformed</c>, with the line number) otherwise.</summary>
    public static (List<BillPayment> Payments, List<BillRefund> Refunds) Parse(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = lines.Count > 0 ? lines[0].Split(',').Select(n => n.Trim()).ToList() : [];
        foreach (var column in new[] { TradeTime, TransactionId, OutTradeNo, TradeState, OrderAmount, RefundId, OutRefundNo, RefundState, RefundAmount })
        {
            header[column] = names.IndexOf(column);
            if (header[column] < 0)
            {
                throw Malformed(1, $"the header has no column {column}");
            }
        }

        var payments = new List<BillPayment>();
        var refunds = new List<BillRefund>();
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith(SummaryHeaderStart, StringComparison.Ordinal))
            {
                return i + 1 < lines.Count && lines[i + 1].StartsWith('`') ? (payments, refunds) : throw Malformed(i + 2, "the summary line is missing");
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = Fields(line, i + 1, names.Count);
            string Field(string column) => fields[header[column]];
            if (Field(TradeState) == Refund)
            {
                refunds.Add(new BillRefund(Field(OutTradeNo), Field(OutRefundNo), Field(RefundId), Field(RefundState), Fen(Field(RefundAmount), i + 1),
                    Time(Field(TradeTime), i + 1)));
            }
            else
            {
                payments.Add(new BillPayment(Field(OutTradeNo), Field(TransactionId), Field(TradeState), Fen(Field(OrderAmount), i + 1), Time(Field(TradeTime), i + 1)));
            }
        }

        throw Malformed(lines.Count, $"no summary section (a line starting {SummaryHeaderStart}): the bill is incomplete");
    }

    private static string[] Fields(string line, int number, int expected)
    {
        if (!line.StartsWith('`'))
        {
            throw Malformed(number, "a detail field does not start with a backtick");
        }

        var fields = line[1..].Split(",`");
        return fields.Length == expected ? fields : throw Malformed(number, $"{fields.Length} fields, the header has {expected}");
    }

    private static long Fen(string yuan, int number) =>
        AlipayAmount.TryParseFen(yuan, out var fen) ? fen : throw Malformed(number, $"amount \"{yuan}\" is not yuan with at most two decimals");

    private static DateTime Time(string china, int number) =>
        ChinaDay.TryParseTime(china, out var utc) ? utc : throw Malformed(number, $"time \"{china}\" is not {ChinaDay.TimeFormat}");

    private static BillUnavailableException Malformed(int line, string what) => new(BillUnavailableException.Malformed, $"WeChat Pay trade bill, line {line}: {what}.");
}
