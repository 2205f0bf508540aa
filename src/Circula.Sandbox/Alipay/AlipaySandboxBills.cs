using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.Alipay;

/// <summary>The sandbox's books: the trade bill of a China day from the trades it saw paid and the refunds that moved money.</summary>
public sealed partial class AlipaySandboxGateway
{
    /// <summary>The sandbox merchant's Alipay account (2088…), named in the bill's file names and header.</summary>
    public const string MerchantAccount = "2088000000000002";

    /// <summary>Alipay's download links expire after about 30 seconds.</summary>
    public static readonly TimeSpan BillLinkLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<(string OutTradeNo, string OutRequestNo, long Fen, DateTimeOffset At)> _refundBook = new();
    private readonly ConcurrentDictionary<string, (byte[] Zip, DateTimeOffset Until)> _billFiles = new(StringComparer.Ordinal);

    private void BookRefund(string outTradeNo, string outRequestNo, long fen) => _refundBook.Enqueue((outTradeNo, outRequestNo, fen, _clock.GetUtcNow()));

    public DateTimeOffset Now() => _clock.GetUtcNow();

    /// <summary>The trade bill zip of <paramref name="day"/> as Alipay serves it.</summary>
    public byte[] TradeBillZip(DateOnly day)
    {
        var lines = _trades.Values.Where(t => t.TradeStatus == "TRADE_SUCCESS" && ChinaDay.Of(t.At) == day)
            .Select(t => new AlipayBillLine(t.At.UtcDateTime, t.TradeNo!, t.OutTradeNo, t.AmountFen))
            .Concat(_refundBook.Where(r => ChinaDay.Of(r.At) == day)
                .Select(r => new AlipayBillLine(r.At.UtcDateTime, FindTrade(r.OutTradeNo)?.TradeNo ?? "", r.OutTradeNo, r.Fen, r.OutRequestNo)));
        return AlipayTradeBillWriter.WriteZip(MerchantAccount, day, lines);
    }

    /// <summary>Keeps the zip for download under a fresh token until the link expires; returns the token.</summary>
    public string KeepBillFile(byte[] zip)
    {
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        _billFiles[token] = (zip, _clock.GetUtcNow() + BillLinkLifetime);
        return token;
    }

    public byte[]? BillFile(string token) => _billFiles.TryGetValue(token, out var file) && file.Until >= _clock.GetUtcNow() ? file.Zip : null;
}

/// <summary>The sandbox gateway's <c>alipay.data.dataservice.bill.downloadurl.query</c> and the bill download, as Alipay answers them.</summary>
public static class AlipaySandboxBills
{
    public const string DownloadPath = "/downloadBillFile.resource";

    public static void Map(RouteGroupBuilder sandbox) =>
        sandbox.MapGet(DownloadPath, Download)
            .WithName("SandboxAlipayBillDownload")
            .WithSummary("SANDBOX ONLY (not Alipay): the bill_download_url of the sandbox gateway's alipay.data.dataservice.bill.downloadurl.query: the trade " +
                "bill zip (GBK CSV detail and summary) of the trades and refunds this sandbox saw, unsigned as Alipay serves it; 404 once the link expired (30 s)")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status404NotFound);

    /// <summary>Answers a verified downloadurl.query: a signed link to the day's bill, or <c>isp.bill_not_exist</c> for today or later.</summary>
    internal static IResult DownloadUrl(HttpContext context, AlipaySandboxGateway gateway, string? bizContent)
    {
        const string method = AlipayClient.BillDownloadUrlMethod;
        string? billType, billDate;
        try
        {
            var biz = JsonNode.Parse(bizContent ?? "");
            (billType, billDate) = (biz?["bill_type"]?.GetValue<string>(), biz?["bill_date"]?.GetValue<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            (billType, billDate) = (null, null);
        }

        if (billType != AlipayClient.TradeBillType || !ChinaDay.TryParse(billDate, out var day))
        {
            return AlipaySandbox.Answer(gateway, method, AlipaySandbox.Failure("40004", "isv.invalid-arguments", "参数无效: bill_type trade, bill_date yyyy-MM-dd"));
        }

        if (day >= ChinaDay.Of(gateway.Now()))
        {
            return AlipaySandbox.Answer(gateway, method, AlipaySandbox.Failure("40004", AlipayError.BillNotExist, "账单不存在"));
        }

        var token = gateway.KeepBillFile(gateway.TradeBillZip(day));
        var url = $"{context.Request.Scheme}://{context.Request.Host}{AlipaySandbox.BasePath}{DownloadPath}?bizType=trade&fileType=csv.zip" +
            $"&downloadFileName={AlipaySandboxGateway.MerchantAccount}_{billDate!.Replace("-", "", StringComparison.Ordinal)}.csv.zip&token={token}";
        return AlipaySandbox.Answer(gateway, method, new JsonObject { ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["bill_download_url"] = url });
    }

    private static IResult Download(string? token, AlipaySandboxGateway gateway) =>
        gateway.BillFile(token ?? "") is { } zip ? TypedResults.File(zip, "application/zip") : TypedResults.NotFound();
}
