using System.IO.Compression;
using System.Text;
using Circula.Payments.Bills;

namespace Circula.Payments.Alipay;

/// <summary>
/// Reads Alipay's <c>trade</c> bill as <c>bill_download_url</c> serves it: a zip holding GBK-encoded CSV files, the
/// detail (<c>…_业务明细.csv</c>) and a summary (<c>…_业务明细(汇总).csv</c>, read past). The detail starts with comment
/// lines (<c>#支付宝业务明细查询</c>, <c>#账号：[…]</c>, <c>#起始日期：…</c>, a <c>#-----业务明细列表-----</c> rule), then the
/// header line and one line per trade or refund, then <c>#-----业务明细列表结束-----</c> (required: without it the file
/// was cut short) and footer comments (totals, export time). Fields are padded with spaces and tabs; columns are found by
/// header name. Alipay lists only money that moved: every line is a successful payment (业务类型 交易) or refund (退款,
/// with negative amounts and our out_request_no in 退款批次号/请求号). Amounts are yuan read on the digits; times China time.
/// </summary>
public static class AlipayTradeBill
{
    public const string DetailSuffix = "_业务明细.csv";
    public const string SummarySuffix = "_业务明细(汇总).csv";
    public const string ListEnd = "业务明细列表结束";
    public const string PaymentKind = "交易";
    public const string RefundKind = "退款";

    /// <summary>The detail columns of a trade bill, in Alipay's order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）",
        "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）",
        "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
    ];

    private const string TradeNo = "支付宝交易号", OutTradeNo = "商户订单号", Kind = "业务类型", FinishedAt = "完成时间", OrderAmount = "订单金额（元）",
        OutRequestNo = "退款批次号/请求号";

    /// <summary>GBK (code page 936) comes with the shared framework's code-pages provider, which has to be registered once.</summary>
    public static readonly Encoding Gbk = RegisterGbk();

    private static Encoding RegisterGbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }

    /// <summary>The payment and refund lines of the zip's detail file; <see cref="BillUnavailableException"/> (<c>bill_malformed</c>) otherwise.</summary>
    public static (List<BillPayment> Payments, List<BillRefund> Refunds) ParseZip(byte[] zip)
    {
        try
        {
            // Entry names are GBK too (the zip's UTF-8 flag is not set); a name flagged UTF-8 is still read as UTF-8.
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read, leaveOpen: false, Gbk);
            var details = archive.Entries.Where(e => e.Name.EndsWith(DetailSuffix, StringComparison.Ordinal)).ToList();
            if (details.Count != 1)
            {
                throw Malformed(0, $"the zip holds {details.Count} files ending {DetailSuffix} ({string.Join(", ", archive.Entries.Select(e => e.Name))}), not one");
            }

            using var reader = new StreamReader(details[0].Open(), Gbk);
            return Parse(reader.ReadToEnd());
        }
        catch (InvalidDataException e)
        {
            throw Malformed(0, $"not a readable zip ({e.Message})");
        }
    }

    /// <summary>The payment and refund lines of the detail file's text.</summary>
    public static (List<BillPayment> Payments, List<BillRefund> Refunds) Parse(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var headerAt = lines.FindIndex(l => l.Length > 0 && !l.StartsWith('#'));
        var names = headerAt < 0 ? [] : Split(lines[headerAt]).Select(Normalize).ToList();
        var header = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in new[] { TradeNo, OutTradeNo, Kind, FinishedAt, OrderAmount, OutRequestNo })
        {
            header[column] = names.IndexOf(Normalize(column));
            if (header[column] < 0)
            {
                throw Malformed(headerAt + 1, $"the header has no column {column}");
            }
        }

        var payments = new List<BillPayment>();
        var refunds = new List<BillRefund>();
        for (var i = headerAt + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                if (line.Contains(ListEnd, StringComparison.Ordinal))
                {
                    return (payments, refunds);
                }

                continue;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var fields = Split(line);
            if (fields.Count != names.Count)
            {
                throw Malformed(i + 1, $"{fields.Count} fields, the header has {names.Count}");
            }

            string Field(string column) => fields[header[column]];
            var at = Time(Field(FinishedAt), i + 1);
            switch (Field(Kind))
            {
                case PaymentKind:
                    payments.Add(new BillPayment(Field(OutTradeNo), Field(TradeNo), BillPayment.Success, Fen(Field(OrderAmount), negative: false, i + 1), at));
                    break;
                case RefundKind:
                    refunds.Add(new BillRefund(Field(OutTradeNo), Field(OutRequestNo), Field(TradeNo), BillPayment.Success, Fen(Field(OrderAmount), negative: true, i + 1), at));
                    break;
                default:
                    throw Malformed(i + 1, $"业务类型 \"{Field(Kind)}\" is neither {PaymentKind} nor {RefundKind}");
            }
        }

        throw Malformed(lines.Count, $"no line \"#…{ListEnd}…\": the bill is incomplete");
    }

    /// <summary>Splits on commas, honouring double-quoted fields (a comma in a product name), and trims the padding.</summary>
    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }

    /// <summary>Header names with ASCII parentheses, as some exports write them, match the full-width ones.</summary>
    private static string Normalize(string name) => name.Replace('（', '(').Replace('）', ')');

    /// <summary>Payments are positive; refunds are written negative (a bare "0.00" is taken as is): the fen are the magnitude.</summary>
    private static long Fen(string yuan, bool negative, int number)
    {
        var digits = negative && yuan.StartsWith('-') ? yuan[1..] : yuan;
        return AlipayAmount.TryParseFen(digits, out var fen)
            ? fen
            : throw Malformed(number, $"amount \"{yuan}\" is not {(negative ? "a refund's (negative) " : "")}yuan with at most two decimals");
    }

    private static DateTime Time(string china, int number) =>
        ChinaDay.TryParseTime(china, out var utc) ? utc : throw Malformed(number, $"time \"{china}\" is not {ChinaDay.TimeFormat}");

    private static BillUnavailableException Malformed(int line, string what) =>
        new(BillUnavailableException.Malformed, line > 0 ? $"Alipay trade bill, line {line}: {what}." : $"Alipay trade bill: {what}.");
}
