using System.Text.Json;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Sandbox.WeChatPay;

/// <summary><c>POST /sandbox/wechatpay/transfers/confirm</c>: the user confirms receipt of a transfer bill in the sandbox's WeChat.</summary>
public sealed record SandboxTransferConfirmRequest(string OutBillNo, int? Duplicates, bool? CorruptSignature, bool? Fail, bool? DropNotification) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("outBillNo", OutBillNo, 32);
        if (Duplicates is < 1 or > 20)
        {
            errors.Add("duplicates", "must be between 1 and 20.");
        }

        if (DropNotification == true && (Duplicates is not null || CorruptSignature == true))
        {
            errors.Add("dropNotification", "sends nothing, so it cannot be combined with duplicates or corruptSignature.");
        }
    }
}

/// <summary>What a sandbox confirmation sent (the notification, to which URL) and what our notify endpoint answered to each copy.</summary>
public sealed record SandboxTransferConfirmResponse(string State, string? NotificationId, string? NotifyUrl, IReadOnlyList<SandboxDelivery> Deliveries);

/// <summary>
/// SANDBOX: WeChat Pay's merchant transfer (商家转账) played by this server: create a bill (it waits for the user with a
/// package), query it, cancel it while it waits, and "the user confirmed" (SUCCESS, or FAIL when asked), which posts a
/// signed, encrypted MCHTRANSFER.BILL.FINISHED to the bill's notify_url with the payment sandbox's delivery options.
/// </summary>
public static class WeChatPaySandboxTransfers
{
    public static void Map(RouteGroupBuilder sandbox)
    {
        sandbox.MapPost(WeChatPayClient.TransferBillsPath, CreateAsync).WithName("SandboxWeChatPayCreateTransferBill")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates the merchant transfer bill creation; verifies the merchant signature, answers a signed " +
                "WAIT_USER_CONFIRM with package_info (the same bill again for the same out_bill_no)")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized);
        sandbox.MapGet(WeChatPayClient.TransferBillsPath + "/out-bill-no/{outBillNo}", QueryAsync).WithName("SandboxWeChatPayQueryTransferBill")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates the transfer bill query by out_bill_no; a signed bill or 404 NOT_FOUND")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status404NotFound);
        sandbox.MapPost(WeChatPayClient.TransferBillsPath + "/out-bill-no/{outBillNo}/cancel", CancelAsync).WithName("SandboxWeChatPayCancelTransferBill")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): imitates the transfer bill cancellation; a bill waiting for the user is CANCELLED, a finished one is answered as it is")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status404NotFound);
        sandbox.MapPost("/transfers/confirm", ConfirmAsync).WithName("SandboxWeChatPayConfirmTransfer")
            .WithSummary("SANDBOX ONLY (not WeChat Pay): \"the user confirmed receipt\" of a transfer bill waiting for them — it becomes SUCCESS (FAIL with fail) " +
                "and a signed, encrypted MCHTRANSFER.BILL.FINISHED is posted to our transfer notify URL")
            .WithDescription("duplicates sends that many identical copies at once; corruptSignature breaks the signature (the bill stays waiting); fail makes " +
                "the transfer fail instead; dropNotification finishes the bill without notifying us (a lost notification, for the query job to find). " +
                "404 when the sandbox holds no such bill, 409 when it no longer waits for the user.")
            .Validate<SandboxTransferConfirmRequest>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithRequestExample(new SandboxTransferConfirmRequest("PO7212345678901234999", null, null, null, null))
            .WithResponseExample(new SandboxTransferConfirmResponse(WeChatPayTransferBill.Success, "EV-3f1c9a0d5e7b2c4a6d8e0f1a",
                "http://127.0.0.1:5080" + WeChatPayEndpoints.TransferNotifyPath, [new SandboxDelivery(204, "")]));
    }

    private static async Task CreateAsync(HttpContext context, WeChatPaySandboxGateway gateway, WeChatPaySandboxTransferBills bills)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is not { } body)
        {
            return;
        }

        SandboxTransferBill? bill;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var (outBillNo, appId, openId) = (root.GetProperty("out_bill_no").GetString()!, root.GetProperty("appid").GetString()!, root.GetProperty("openid").GetString()!);
            var (fen, remark) = (root.GetProperty("transfer_amount").GetInt64(), root.GetProperty("transfer_remark").GetString()!);
            if (fen < 1 || remark.Length is 0 or > 32 || root.GetProperty("transfer_scene_report_infos").GetArrayLength() == 0 || openId.Length == 0)
            {
                await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误");
                return;
            }

            bill = await bills.CreateAsync(outBillNo, appId, openId, fen, remark, root.TryGetProperty("notify_url", out var url) ? url.GetString() : null,
                context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "PARAM_ERROR", "参数错误: " + e.GetType().Name);
            return;
        }

        if (bill is null)
        {
            await gateway.WriteSignedErrorAsync(context, StatusCodes.Status400BadRequest, "INVALID_REQUEST", "商户单号重复，请核实");
            return;
        }

        var answer = bill.Bill();
        await gateway.WriteSignedAsync(context, JsonSerializer.Serialize(
            new WeChatPayTransferBill(answer.OutBillNo, answer.State, answer.TransferBillNo, PackageInfo: answer.PackageInfo, CreateTime: answer.CreateTime),
            WeChatPayJson.Options));
    }

    private static async Task QueryAsync(HttpContext context, string outBillNo, WeChatPaySandboxGateway gateway, WeChatPaySandboxTransferBills bills)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        await AnswerBillAsync(context, gateway, await bills.FindAsync(outBillNo, context.RequestAborted));
    }

    private static async Task CancelAsync(HttpContext context, string outBillNo, WeChatPaySandboxGateway gateway, WeChatPaySandboxTransferBills bills)
    {
        if (await WeChatPaySandbox.ReadAuthorizedBodyAsync(context, gateway) is null)
        {
            return;
        }

        await bills.FinishAsync(outBillNo, WeChatPayTransferBill.Cancelled, "商户撤销", context.RequestAborted);
        await AnswerBillAsync(context, gateway, await bills.FindAsync(outBillNo, context.RequestAborted));
    }

    private static Task AnswerBillAsync(HttpContext context, WeChatPaySandboxGateway gateway, SandboxTransferBill? bill) => bill is null
        ? gateway.WriteSignedErrorAsync(context, StatusCodes.Status404NotFound, "NOT_FOUND", "记录不存在")
        : gateway.WriteSignedAsync(context, JsonSerializer.Serialize(bill.Bill(), WeChatPayJson.Options));

    private static async Task<Results<Ok<SandboxTransferConfirmResponse>, ProblemHttpResult>> ConfirmAsync(SandboxTransferConfirmRequest request,
        WeChatPaySandboxGateway gateway, WeChatPaySandboxTransferBills bills, IHttpClientFactory http, CancellationToken ct)
    {
        var outBillNo = request.OutBillNo.Trim();
        if (await bills.FindAsync(outBillNo, ct) is not { } bill)
        {
            return ApiProblems.NotFound("Sandbox transfer bill");
        }

        if (bill.State != WeChatPayTransferBill.WaitUserConfirm)
        {
            return ApiProblems.Conflict("transfer_not_waiting", $"The sandbox transfer bill {outBillNo} is {bill.State}; it no longer waits for the user.");
        }

        var (state, reason) = request.Fail == true ? (WeChatPayTransferBill.Fail, "PAYEE_ACCOUNT_ABNORMAL") : (WeChatPayTransferBill.Success, (string?)null);
        var finished = bill with { State = state, FailReason = reason, UpdatedAt = gateway.Now() };
        var notification = gateway.BuildTransfer(finished.Bill(), request.CorruptSignature == true);
        if (request.CorruptSignature != true && !await bills.FinishAsync(outBillNo, state, reason, ct))
        {
            return ApiProblems.Conflict("transfer_not_waiting", $"The sandbox transfer bill {outBillNo} was finished meanwhile.");
        }

        if (request.DropNotification == true || bill.NotifyUrl is null)
        {
            return TypedResults.Ok(new SandboxTransferConfirmResponse(state, null, bill.NotifyUrl, []));
        }

        var client = http.CreateClient(WeChatPaySandbox.HttpClientName);
        var deliveries = await Task.WhenAll(Enumerable.Range(0, request.Duplicates ?? 1).Select(_ => WeChatPaySandbox.SendAsync(client, bill.NotifyUrl, notification, ct)));
        return TypedResults.Ok(new SandboxTransferConfirmResponse(state, notification.Id, bill.NotifyUrl, deliveries));
    }
}
