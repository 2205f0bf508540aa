using Circula.Payments.Contracts;

namespace Circula.Recycling.Payouts.WeChatTransfer;

/// <summary>
/// Receives the verified transfer notifications from Payments and applies each to its payout through the one apply step
/// (<see cref="PayoutUpdates"/>), once by notification id and once by state: a repeat, in sequence or in parallel, moves
/// nothing and debits nothing again.
/// </summary>
public sealed class WeChatTransferNotices(PayoutUpdates updates) : IMerchantTransferNotices
{
    public async Task<MerchantTransferNoticeResult> ApplyAsync(MerchantTransferNotice notice, CancellationToken ct)
    {
        if (Payout.AppointmentOf(notice.Transfer.Number) is not { } appointmentId)
        {
            return MerchantTransferNoticeResult.Rejected;
        }

        var provider = WeChatTransferPayoutProvider.Description.Name;
        return await updates.ApplyAsync(appointmentId, provider, WeChatTransferPayoutProvider.Answer(notice.Transfer),
                new PayoutNoticeKey(provider, notice.NotificationId), notice.Transfer.AmountFen, ct) switch
        {
            PayoutUpdate.Applied => MerchantTransferNoticeResult.Applied,
            PayoutUpdate.Rejected => MerchantTransferNoticeResult.Rejected,
            _ => MerchantTransferNoticeResult.Busy,
        };
    }
}
