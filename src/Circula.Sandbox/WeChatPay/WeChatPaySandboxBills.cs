using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.WeChatPay;

/// <summary>The sandbox's books: the trade bill of a China day from the trades it saw paid and the refunds it accepted.</summary>
public sealed partial class WeChatPaySandboxGateway
{
    private readonly ConcurrentDictionary<string, (SandboxRefund Refund, DateTimeOffset At)> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _billFiles = new(StringComparer.Ordinal);

    /// <summary>Books an accepted refund (it succeeds at once in the sandbox); the first acceptance of an out_refund_no counts.</summary>
    public void RecordRefund(SandboxRefund refund) => _refunds.TryAdd(refund.OutRefundNo, (refund, _clock.GetUtcNow()));

    /// <summary>The ALL trade bill of <paramref name="day"/> as WeChat Pay writes it.</summary>
    public string TradeBill(DateOnly day)
    {
        var lines = new List<TradeBillLine>();
        foreach (var (outTradeNo, trade) in _trades)
        {
            if (trade.TradeState == WeChatPayTransaction.Success && ChinaDay.Of(trade.At) == day && FindPrepay(outTradeNo) is { } prepay)
            {
                lines.Add(new TradeBillLine(trade.At.UtcDateTime, prepay.AppId, prepay.MchId, trade.TransactionId!, outTradeNo, prepay.OpenId ?? "sbx_native_payer",
                    prepay.TradeType, trade.AmountFen));
            }
        }

        foreach (var (refund, at) in _refunds.Values.Where(r => ChinaDay.Of(r.At) == day))
        {
            var paid = _trades.GetValueOrDefault(refund.OutTradeNo);
            var prepay = FindPrepay(refund.OutTradeNo);
            lines.Add(new TradeBillLine(at.UtcDateTime, prepay?.AppId ?? WeChatPaySandboxSetup.AppId, WeChatPaySandboxSetup.MchId, paid?.TransactionId ?? "",
                refund.OutTradeNo, prepay?.OpenId ?? "sbx_native_payer", prepay?.TradeType ?? "NATIVE", refund.TotalFen, refund.RefundId, refund.OutRefundNo,
                refund.RefundFen));
        }

        return WeChatPayTradeBillWriter.Write(lines);
    }

    /// <summary>Keeps the file for download under a fresh token; returns the token.</summary>
    public string KeepBillFile(byte[] file)
    {
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        _billFiles[token] = file;
        return token;
    }

    public byte[]? BillFile(string token) => _billFiles.GetValueOrDefault(token);
}

/// <summary>The sandbox's <c>/v3/bill/tradebill</c> and <c>/v3/billdownload/file</c>, as WeChat Pay answers them.</summary>
public static class WeChatPaySandboxBills
{
    public const string DownloadPath = "/v3/billdownload/file";

    public static void Map(RouteGroupBuilder sandbox)
    {
        sandbox.MapGet(WeChatPayClient.TradeBillPath, TradeBillAsync)
            .WithName("SandboxWeChatPayTradeBill")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates WeChat Pay v3 trade bill; verifies the merchant signature, writes the ALL bill of bill_date " +
                "from the trades and refunds this sandbox saw, answers signed {hash_type, hash_value, download_url}; 400 NO_STATEMENT_EXIST for today or later")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);
        sandbox.MapGet(DownloadPath, DownloadAsync)
            .WithName("SandboxWeChatPayBillDownload")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates the bill download; verifies the merchant signature and answers the file, unsigned as WeChat Pay does")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);
    }

    private static async Task TradeBillAsync(HttpContext context, WeChatPaySandboxGateway gateway)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (!ChinaDay.TryParse(context.Request.Query["bill_date"], out var day) || context.Request.Query["bill_type"] is { Count: > 0 } type && type != "ALL")
        {
            await WeChatPaySandbox.ErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误: bill_date yyyy-MM-dd, bill_type ALL");
            return;
        }

        if (day >= ChinaDay.Of(gateway.Now()))
        {
            await WeChatPaySandbox.ErrorAsync(context, StatusCodes.Status400BadRequest, "NO_STATEMENT_EXIST", "账单尚未生成");
            return;
        }

        var file = Encoding.UTF8.GetBytes(gateway.TradeBill(day));
        var token = gateway.KeepBillFile(file);
        var downloadUrl = $"{context.Request.Scheme}://{context.Request.Host}{WeChatPaySandbox.BasePath}{DownloadPath}?token={token}";
        await gateway.WriteSignedAsync(context, JsonSerializer.Serialize(
            new WeChatPayBillLocation(WeChatPayBillLocation.Sha1, Convert.ToHexStringLower(SHA1.HashData(file)), downloadUrl), WeChatPayJson.Options));
    }

    private static async Task DownloadAsync(HttpContext context, WeChatPaySandboxGateway gateway)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (gateway.BillFile(context.Request.Query["token"].ToString()) is not { } file)
        {
            await WeChatPaySandbox.ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "下载地址已失效");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(file, context.RequestAborted);
    }
}
