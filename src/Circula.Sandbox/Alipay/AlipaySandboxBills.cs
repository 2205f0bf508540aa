using System.Text.Json;
using System.Text.Json.Nodes;
using Circula.Payments;
using Circula.Payments.Alipay;
using Circula.Payments.Bills;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.Alipay;

/// <summary>The sandbox gateway's <c>alipay.data.dataservice.bill.downloadurl.query</c> and the bill download, as Alipay answers them.</summary>
public static class AlipaySandboxBills
{
    public const string DownloadPath = "/downloadBillFile.resource";

    /// <summary>Alipay's download links expire after about 30 seconds.</summary>
    public static readonly TimeSpan BillLinkLifetime = TimeSpan.FromSeconds(30);

    public static void Map(RouteGroupBuilder sandbox) =>
        sandbox.MapGet(DownloadPath, DownloadAsync)
            .WithName("SandboxAlipayBillDownload")
            .WithSummary("SANDBOX ONLY (not Alipay): the bill_download_url of the sandbox gateway's alipay.data.dataservice.bill.downloadurl.query: the trade " +
                "bill zip (GBK CSV detail and summary) of the trades and refunds this sandbox saw, unsigned as Alipay serves it; 404 once the link expired (30 s)")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status404NotFound);

    /// <summary>Answers a verified downloadurl.query: a signed link to the day's bill, or <c>isp.bill_not_exist</c> for today or later.</summary>
    internal static async Task<IResult> DownloadUrlAsync(HttpContext context, AlipaySandboxGateway gateway, AlipaySandboxTrades trades, SandboxBillFiles files,
        string? bizContent)
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

        var zip = await trades.TradeBillZipAsync(day, context.RequestAborted);
        var token = await files.KeepAsync(AlipayProvider.Name, zip, BillLinkLifetime, context.RequestAborted);
        var url = $"{context.Request.Scheme}://{context.Request.Host}{AlipaySandbox.BasePath}{DownloadPath}?bizType=trade&fileType=csv.zip" +
            $"&downloadFileName={AlipaySandboxTrades.MerchantAccount}_{billDate!.Replace("-", "", StringComparison.Ordinal)}.csv.zip&token={token}";
        return AlipaySandbox.Answer(gateway, method, new JsonObject { ["code"] = AlipayClient.SuccessCode, ["msg"] = "Success", ["bill_download_url"] = url });
    }

    private static async Task<IResult> DownloadAsync(string? token, SandboxBillFiles files, CancellationToken ct) =>
        await files.FindAsync(AlipayProvider.Name, token ?? "", ct) is { } zip ? TypedResults.File(zip, "application/zip") : TypedResults.NotFound();
}
