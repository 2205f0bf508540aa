using Circula.Payments.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Recycling.Payouts.WeChatTransfer;

/// <summary>
/// Pays through WeChat Pay's merchant transfer (商家转账), reached through Payments' <see cref="IMerchantTransfers"/>
/// port: the transfer is created under the payout number (so a retry answers the same bill) and waits for the customer
/// to confirm receipt in the mini program (processing, with the <c>wx.requestMerchantTransfer</c> parameters); its
/// final state arrives as a notification (<see cref="WeChatTransferNotices"/>) or, when that is lost, from a query.
/// </summary>
public sealed class WeChatTransferPayoutProvider(IMerchantTransfers transfers) : IPayoutProvider
{
    public const string Remark = "旧物回收款";

    public static readonly PayoutProviderInfo Description = new("wechat-transfer", "微信转账", InPerson: false, MaxAmountFen: 199_999, NeedsWeChatOpenId: true);

    public PayoutProviderInfo Info => Description;

    public async Task<PayoutAnswer> PayAsync(PayoutOrder order, CancellationToken ct)
    {
        if (order.AmountFen > transfers.MaxAmountFen)
        {
            return new PayoutAnswer.Refused($"over the transfer cap of {transfers.MaxAmountFen} fen");
        }

        return Answer(await transfers.CreateAsync(new MerchantTransferOrder(order.Number, order.CustomerId, order.AmountFen, Remark), ct));
    }

    /// <summary>The transfer's state now; null when WeChat Pay has no bill under the number (its creation never arrived: the outbox retries it).</summary>
    public async Task<PayoutAnswer?> QueryAsync(PayoutOrder order, CancellationToken ct)
    {
        var answer = await transfers.QueryAsync(order.Number, ct);
        return answer.RefusedCode == MerchantTransferAnswer.NotFound ? null : Answer(answer);
    }

    /// <summary>What a transfer's state means for the payout.</summary>
    public static PayoutAnswer Answer(MerchantTransfer transfer) => transfer.State switch
    {
        MerchantTransferState.Succeeded => new PayoutAnswer.Paid(transfer.Reference ?? transfer.Number),
        MerchantTransferState.Failed => new PayoutAnswer.Refused("transfer failed: " + (transfer.FailReason ?? "FAIL")),
        MerchantTransferState.Cancelled => new PayoutAnswer.Refused("transfer cancelled" + (transfer.FailReason is { } r ? ": " + r : "")),
        _ => new PayoutAnswer.Processing(transfer.Reference,
            transfer.Confirmation is { } c ? new UserConfirmation(c.MchId, c.AppId, c.Package) : null),
    };

    /// <summary>A refusal is final; an outage (<see cref="MerchantTransferUnavailableException"/>) was thrown, so the caller tries again later.</summary>
    private static PayoutAnswer Answer(MerchantTransferAnswer answer) =>
        answer.Transfer is { } transfer ? Answer(transfer) : new PayoutAnswer.Refused($"{answer.RefusedCode}: {answer.RefusedDetail}");
}

public static class WeChatTransferRegistration
{
    /// <summary>The WeChat transfer payout provider, enabled when Payments can transfer (WeChat Pay configured, or its sandbox), and the receiver of its notifications.</summary>
    public static IServiceCollection AddWeChatTransferPayouts(this IServiceCollection services)
    {
        services.AddScoped<IMerchantTransferNotices, WeChatTransferNotices>();
        return services.AddPayoutProvider<WeChatTransferPayoutProvider>(WeChatTransferPayoutProvider.Description,
            sp => sp.GetRequiredService<IMerchantTransfers>().Enabled);
    }
}
