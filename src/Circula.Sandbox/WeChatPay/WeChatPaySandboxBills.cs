using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.WeChatPay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.WeChatPay;

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

    private static async Task TradeBillAsync(HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTrades trades, SandboxBillFiles files)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (!ChinaDay.TryParse(context.Request.Query["bill_date"], out var day) || context.Request.Query["bill_type"] is { Count: > 0 } type && type != "ALL")
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误: bill_date yyyy-MM-dd, bill_type ALL");
            return;
        }

        if (day >= ChinaDay.Of(gateway.Now()))
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "NO_STATEMENT_EXIST", "账单尚未生成");
            return;
        }

        var file = Encoding.UTF8.GetBytes(await trades.TradeBillAsync(day, context.RequestAborted));
        var token = await files.KeepAsync(WeChatPayProvider.Name, file, lifetime: null, context.RequestAborted);
        var downloadUrl = $"{context.Request.Scheme}://{context.Request.Host}{WeChatPaySandbox.BasePath}{DownloadPath}?token={token}";
        await gateway.WriteSignedAsync(context, JsonSerializer.Serialize(
            new WeChatPayBillLocation(WeChatPayBillLocation.Sha1, Convert.ToHexStringLower(SHA1.HashData(file)), downloadUrl), WeChatPayJson.Options));
    }

    private static async Task DownloadAsync(HttpContext context, WeChatPaySandboxGateway gateway, SandboxBillFiles files)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        if (await files.FindAsync(WeChatPayProvider.Name, context.Request.Query["token"].ToString(), context.RequestAborted) is not { } file)
        {
            await WeChatPaySandbox.ErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "下载地址已失效");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(file, context.RequestAborted);
    }
}
