using Circula.Recycling.Payouts;

namespace Circula.Tests.Recycling;

/// <summary>
/// What each provider answer does to a payout in each status, written out: requested → processing → paid or refused,
/// a final payout takes nothing more (a repeat or a late "processing" is nothing, the opposite final answer a contradiction).
/// </summary>
public sealed class PayoutAnswerTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly UserConfirmation Confirm = new("1900000001", "wx-app", "pkg");

    public static TheoryData<string, string, PayoutStatus, PayoutChange> Table => new()
    {
        { "", "processing", PayoutStatus.Processing, PayoutChange.Processing },
        { "", "paid", PayoutStatus.Paid, PayoutChange.Paid },
        { "", "refused", PayoutStatus.Refused, PayoutChange.Refused },
        { "processing", "processing", PayoutStatus.Processing, PayoutChange.None },
        { "processing", "paid", PayoutStatus.Paid, PayoutChange.Paid },
        { "processing", "refused", PayoutStatus.Refused, PayoutChange.Refused },
        { "paid", "paid", PayoutStatus.Paid, PayoutChange.None },
        { "paid", "processing", PayoutStatus.Paid, PayoutChange.None },
        { "paid", "refused", PayoutStatus.Paid, PayoutChange.Contradicted },
        { "refused", "refused", PayoutStatus.Refused, PayoutChange.None },
        { "refused", "processing", PayoutStatus.Refused, PayoutChange.None },
        { "refused", "paid", PayoutStatus.Refused, PayoutChange.Contradicted },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void An_answer_moves_a_payout_only_forward(string before, string answer, PayoutStatus after, PayoutChange change)
    {
        var payout = Payout.Request(1, 2, 3, "wechat-transfer", 742, Now);
        if (before != "")
        {
            payout.Apply(Answer(before), Now, TimeSpan.FromMinutes(10));
        }

        var version = payout.Version;

        Assert.Equal(change, payout.Apply(Answer(answer), Now.AddMinutes(1), TimeSpan.FromMinutes(10)));
        Assert.Equal(after, payout.Status);
        Assert.Equal(change is PayoutChange.None or PayoutChange.Contradicted ? version : version + 1, payout.Version);
    }

    [Fact]
    public void A_processing_payout_keeps_its_confirmation_and_is_due_for_a_query_later_and_a_final_one_drops_both()
    {
        var payout = Payout.Request(1, 2, 3, "wechat-transfer", 742, Now);

        payout.Apply(new PayoutAnswer.Processing("bill", Confirm), Now, TimeSpan.FromMinutes(10));
        Assert.Equal((Confirm, Now.AddMinutes(10)), (payout.Confirmation, payout.NextQueryAt));
        Assert.Equal(PayoutChange.None, payout.Apply(new PayoutAnswer.Processing("bill", null), Now, TimeSpan.FromMinutes(10)));
        Assert.Equal(Confirm, payout.Confirmation);

        payout.Apply(new PayoutAnswer.Paid("bill"), Now.AddMinutes(2), TimeSpan.FromMinutes(10));
        Assert.Equal(((UserConfirmation?)null, (DateTime?)null, (DateTime?)Now.AddMinutes(2)), (payout.Confirmation, payout.NextQueryAt, payout.PaidAt));
        Assert.Equal(1L, Payout.AppointmentOf(payout.Number));
        Assert.Null(Payout.AppointmentOf("P01"));
    }

    private static PayoutAnswer Answer(string name) => name switch
    {
        "processing" => new PayoutAnswer.Processing("bill", Confirm),
        "paid" => new PayoutAnswer.Paid("bill"),
        _ => new PayoutAnswer.Refused("transfer failed"),
    };
}
