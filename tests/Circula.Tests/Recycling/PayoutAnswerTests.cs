using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Shared.StateMachines;

namespace Circula.Tests.Recycling;

/// <summary>
/// What each provider answer does to a payout in each status, written out: requested → processing → paid or refused
/// through <see cref="PayoutStateMachine"/>; a final payout takes nothing more (the table refuses: a repeat or a late
/// "processing" is nothing, the opposite final answer a contradiction).
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
            Take(payout, Answer(before), Now);
        }

        var (version, status) = (payout.Version, payout.Status);
        var moves = new List<StatusChange<PayoutStatus, PayoutTrigger, NoEffects>>();

        Assert.Equal(change, Take(payout, Answer(answer), Now.AddMinutes(1), moves));
        Assert.Equal(after, payout.Status);
        var moved = change is not (PayoutChange.None or PayoutChange.Contradicted);
        Assert.Equal(moved ? version + 1 : version, payout.Version);
        var expected = moved ? new[] { (status, after) } : [];
        Assert.Equal(expected, moves.Select(m => (m.From, m.To)));
    }

    [Fact]
    public void A_processing_payout_keeps_its_confirmation_and_is_due_for_a_query_later_and_a_final_one_drops_both()
    {
        var payout = Payout.Request(1, 2, 3, "wechat-transfer", 742, Now);

        Take(payout, new PayoutAnswer.Processing("bill", Confirm), Now);
        Assert.Equal((Confirm, Now.AddMinutes(10)), (payout.Confirmation, payout.NextQueryAt));
        Assert.Equal(PayoutChange.None, Take(payout, new PayoutAnswer.Processing("bill", null), Now));
        Assert.Equal(Confirm, payout.Confirmation);

        var renewed = Confirm with { Package = "pkg-2" };
        Assert.Equal(PayoutChange.Processing, Take(payout, new PayoutAnswer.Processing(null, renewed), Now.AddMinutes(1)));
        Assert.Equal((renewed, "bill", Now.AddMinutes(11)), (payout.Confirmation, payout.Reference, payout.NextQueryAt));

        Take(payout, new PayoutAnswer.Paid("bill"), Now.AddMinutes(2));
        Assert.Equal(((UserConfirmation?)null, (DateTime?)null, (DateTime?)Now.AddMinutes(2)), (payout.Confirmation, payout.NextQueryAt, payout.PaidAt));
        Assert.Equal(1L, Payout.AppointmentOf(payout.Number));
        Assert.Null(Payout.AppointmentOf("P01"));
    }

    [Fact]
    public void A_refusal_keeps_its_reason_on_the_payout_and_in_the_change()
    {
        var payout = Payout.Request(1, 2, 3, "wechat-transfer", 742, Now);
        var moves = new List<StatusChange<PayoutStatus, PayoutTrigger, NoEffects>>();

        Assert.Equal(PayoutChange.Refused, Take(payout, new PayoutAnswer.Refused("transfer failed"), Now, moves));

        Assert.Equal("transfer failed", payout.RefusedReason);
        Assert.Equal((PayoutTrigger.Refuse, "transfer failed", Actor.System), (moves[0].Trigger, moves[0].Reason, moves[0].By.Actor));
    }

    /// <summary>Takes an answer the way <see cref="PayoutUpdates"/> does, firing the table in memory (the engine adds history and event on top).</summary>
    private static PayoutChange Take(Payout payout, PayoutAnswer answer, DateTime at, List<StatusChange<PayoutStatus, PayoutTrigger, NoEffects>>? moves = null) =>
        payout.Take(answer, (trigger, reason) =>
        {
            var change = PayoutStateMachine.Machine.Fire(payout, trigger, Requester.System, reason, at);
            if (change.IsSuccess)
            {
                moves?.Add(change.Value);
            }

            return change.IsSuccess;
        }, at + TimeSpan.FromMinutes(10));

    private static PayoutAnswer Answer(string name) => name switch
    {
        "processing" => new PayoutAnswer.Processing("bill", Confirm),
        "paid" => new PayoutAnswer.Paid("bill"),
        _ => new PayoutAnswer.Refused("transfer failed"),
    };
}
