using Circula.Payments;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;
using Circula.Shared.StateMachines;

namespace Circula.Tests.Payments;

/// <summary>
/// The payment and refund lifecycles written out by hand, not read from the tables: a row added to or dropped from a
/// table in the code fails <see cref="MoneyTransitionTableTests"/> until this file (and the docs) agree.
/// </summary>
public static class ExpectedMoneyLifecycles
{
    private static readonly Actor[] System = [Actor.System];

    public static readonly IReadOnlyList<(PaymentStatus From, PaymentTrigger Trigger, PaymentStatus To, Actor[] Actors)> Payment =
    [
        (PaymentStatus.Created, PaymentTrigger.PrepayAccepted, PaymentStatus.Pending, System),
        (PaymentStatus.Created, PaymentTrigger.PrepayFailed, PaymentStatus.Failed, System),
        (PaymentStatus.Created, PaymentTrigger.Succeed, PaymentStatus.Succeeded, System),
        (PaymentStatus.Pending, PaymentTrigger.Succeed, PaymentStatus.Succeeded, System),
        (PaymentStatus.Created, PaymentTrigger.Close, PaymentStatus.Closed, System),
        (PaymentStatus.Pending, PaymentTrigger.Close, PaymentStatus.Closed, System),
    ];

    public static readonly IReadOnlyList<(RefundStatus From, RefundTrigger Trigger, RefundStatus To, Actor[] Actors)> Refund =
    [
        (RefundStatus.Requested, RefundTrigger.Accept, RefundStatus.Processing, System),
        (RefundStatus.Requested, RefundTrigger.Succeed, RefundStatus.Succeeded, System),
        (RefundStatus.Requested, RefundTrigger.Fail, RefundStatus.Failed, System),
        (RefundStatus.Processing, RefundTrigger.Succeed, RefundStatus.Succeeded, System),
        (RefundStatus.Processing, RefundTrigger.Fail, RefundStatus.Failed, System),
    ];
}

public sealed class MoneyTransitionTableTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_payment_table_in_the_code_is_exactly_the_written_out_lifecycle()
    {
        var actual = PaymentStateMachine.Machine.Transitions.Select(t => (t.From, t.Trigger, t.To, Actors: string.Join(",", t.Actors.Order()), t.Effects));
        var expected = ExpectedMoneyLifecycles.Payment.Select(r => (r.From, r.Trigger, r.To, Actors: string.Join(",", r.Actors.Order()), NoEffects.None));
        Assert.Equal(expected.OrderBy(r => r.ToString()), actual.OrderBy(r => r.ToString()));
    }

    [Fact]
    public void The_refund_table_in_the_code_is_exactly_the_written_out_lifecycle()
    {
        var actual = RefundStateMachine.Machine.Transitions.Select(t => (t.From, t.Trigger, t.To, Actors: string.Join(",", t.Actors.Order()), t.Effects));
        var expected = ExpectedMoneyLifecycles.Refund.Select(r => (r.From, r.Trigger, r.To, Actors: string.Join(",", r.Actors.Order()), NoEffects.None));
        Assert.Equal(expected.OrderBy(r => r.ToString()), actual.OrderBy(r => r.ToString()));
    }

    public static TheoryData<PaymentStatus, PaymentTrigger> EveryPaymentStatusAndTrigger() => Every<PaymentStatus, PaymentTrigger>();

    public static TheoryData<RefundStatus, RefundTrigger> EveryRefundStatusAndTrigger() => Every<RefundStatus, RefundTrigger>();

    [Theory]
    [MemberData(nameof(EveryPaymentStatusAndTrigger))]
    public void Every_payment_trigger_from_every_status_follows_the_lifecycle(PaymentStatus from, PaymentTrigger trigger)
    {
        var payment = PaymentIn(from);
        AssertFollows(PaymentStateMachine.Machine, payment, trigger, ExpectedMoneyLifecycles.Payment.Select(r => (r.From, r.Trigger, r.To)),
            () => (payment.Version, payment.UpdatedAt, payment.SucceededAt), PaymentStatus.Succeeded);
    }

    [Theory]
    [MemberData(nameof(EveryRefundStatusAndTrigger))]
    public void Every_refund_trigger_from_every_status_follows_the_lifecycle(RefundStatus from, RefundTrigger trigger)
    {
        var refund = RefundIn(from);
        AssertFollows(RefundStateMachine.Machine, refund, trigger, ExpectedMoneyLifecycles.Refund.Select(r => (r.From, r.Trigger, r.To)),
            () => (refund.Version, refund.UpdatedAt, refund.SucceededAt), RefundStatus.Succeeded);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/>: a row of <paramref name="expected"/> moves the subject (version bumped, times stamped,
    /// the success time only on <paramref name="succeeded"/>), anything else is invalid_transition and changes nothing.
    /// </summary>
    private static void AssertFollows<TSubject, TStatus, TTrigger>(StateMachine<TSubject, TStatus, TTrigger, NoEffects> machine, TSubject subject, TTrigger trigger,
        IEnumerable<(TStatus From, TTrigger Trigger, TStatus To)> expected, Func<(int Version, DateTime UpdatedAt, DateTime? SucceededAt)> stamps, TStatus succeeded)
        where TSubject : class, IStateMachineSubject<TStatus>
        where TStatus : struct, Enum
        where TTrigger : struct, Enum
    {
        var from = subject.Status;
        var before = stamps();

        var change = machine.Fire(subject, trigger, Requester.System, "because", Now);

        var row = expected.Where(r => r.From.Equals(from) && r.Trigger.Equals(trigger)).Select(r => (TStatus?)r.To).SingleOrDefault();
        if (row is { } to)
        {
            Assert.True(change.IsSuccess);
            Assert.Equal((to, before.Version + 1, Now, to.Equals(succeeded) ? Now : (DateTime?)null), (subject.Status, stamps().Version, stamps().UpdatedAt, stamps().SucceededAt));
        }
        else
        {
            Assert.Equal(StateMachine<TSubject, TStatus, TTrigger, NoEffects>.InvalidTransition, change.Error?.Code);
            Assert.Equal((from, before), (subject.Status, stamps()));
        }
    }

    [Fact]
    public void A_payment_transition_leaves_a_history_row_and_an_event_naming_the_transaction()
    {
        var payment = PaymentIn(PaymentStatus.Pending);
        payment.RecordTransaction("4200000001", "openid-1");
        var change = PaymentStateMachine.Machine.Fire(payment, PaymentTrigger.Succeed, Requester.System, "wechatpay 4200000001", Now).Value!;

        var row = Assert.IsType<PaymentHistoryEntry>(PaymentStateMachine.Machine.HistoryRow(payment, change));
        var @event = Assert.IsType<PaymentStatusChanged>(PaymentStateMachine.Machine.Event(payment, change));

        Assert.Equal((payment.Id, PaymentStatus.Pending, PaymentStatus.Succeeded, Actor.System, "wechatpay 4200000001", Now),
            (row.PaymentId, row.FromStatus, row.ToStatus, row.Actor, row.Reason, row.CreatedAt));
        Assert.Equal(new PaymentStatusChanged(PaymentId.From(7), Circula.Ordering.Contracts.OrderId.From(70), WeChatPayProvider.Name, WeChatPayProvider.Native, "P7", 2590,
            PaymentStatus.Pending, PaymentStatus.Succeeded, "4200000001", "wechatpay 4200000001"), @event);
        Assert.Equal("openid-1", payment.PayerOpenId);
    }

    [Fact]
    public void A_refund_transition_leaves_a_history_row_and_an_event_carrying_its_payment_and_reason()
    {
        var refund = RefundIn(RefundStatus.Processing);
        var change = RefundStateMachine.Machine.Fire(refund, RefundTrigger.Fail, Requester.System, "WeChat Pay REFUND.ABNORMAL", Now).Value!;

        var row = Assert.IsType<RefundHistoryEntry>(RefundStateMachine.Machine.HistoryRow(refund, change));
        var @event = Assert.IsType<RefundStatusChanged>(RefundStateMachine.Machine.Event(refund, change));

        Assert.Equal((refund.Id, RefundStatus.Processing, RefundStatus.Failed, "WeChat Pay REFUND.ABNORMAL"), (row.RefundId, row.FromStatus, row.ToStatus, row.Reason));
        Assert.Equal(new RefundStatusChanged(RefundId.From(9), PaymentId.From(7), Circula.Ordering.Contracts.OrderId.From(70), WeChatPayProvider.Name, "P7", "R9", 2590,
            Refund.PaidAfterCancel, RefundStatus.Processing, RefundStatus.Failed, "WeChat Pay REFUND.ABNORMAL"), @event);
    }

    [Fact]
    public void A_payment_records_its_prepay_only_while_created_and_one_transaction_only_while_live()
    {
        var payment = PaymentIn(PaymentStatus.Created);
        payment.RecordPrepay(null, "weixin://wxpay/bizpayurl?pr=1");
        PaymentStateMachine.Machine.Fire(payment, PaymentTrigger.PrepayAccepted, Requester.System, null, Now);

        Assert.Throws<InvalidOperationException>(() => payment.RecordPrepay("prepay", null));
        payment.RecordTransaction("4200000001", null);
        Assert.Throws<InvalidOperationException>(() => payment.RecordTransaction("4200000002", null));
        Assert.Throws<InvalidOperationException>(() => PaymentIn(PaymentStatus.Closed).RecordTransaction("4200000003", null));
        Assert.Equal(("weixin://wxpay/bizpayurl?pr=1", "4200000001"), (payment.CodeUrl, payment.ProviderTransactionId));
    }

    [Fact]
    public void Amounts_are_guarded_a_payment_pays_more_than_nothing_and_a_refund_returns_at_most_what_was_paid()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Payment.Start(1, 10, 20, WeChatPayProvider.Name, WeChatPayProvider.Native, 0, null, Now));
        var paid = PaymentIn(PaymentStatus.Succeeded);
        Assert.Throws<ArgumentOutOfRangeException>(() => Refund.Request(9, paid, 2591, Refund.OrderRefunded, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => Refund.Request(9, paid, 0, Refund.OrderRefunded, Now));
        Assert.Throws<InvalidOperationException>(() => Refund.Request(9, PaymentIn(PaymentStatus.Pending), 2590, Refund.OrderRefunded, Now));
        Assert.Equal((2590, "R9", "P7"), (Refund.Request(9, paid, 2590, Refund.OrderRefunded, Now) is var r ? (r.AmountFen, r.OutRefundNo, r.OutTradeNo) : default));
    }

    private static Payment PaymentIn(PaymentStatus status)
    {
        var payment = Payment.Start(7, 70, 700, WeChatPayProvider.Name, WeChatPayProvider.Native, 2590, null, Now.AddMinutes(-1));
        var path = status switch
        {
            PaymentStatus.Created => [],
            PaymentStatus.Pending => [PaymentTrigger.PrepayAccepted],
            PaymentStatus.Failed => [PaymentTrigger.PrepayFailed],
            PaymentStatus.Succeeded => [PaymentTrigger.PrepayAccepted, PaymentTrigger.Succeed],
            _ => new[] { PaymentTrigger.Close },
        };
        foreach (var trigger in path)
        {
            Assert.True(PaymentStateMachine.Machine.Fire(payment, trigger, Requester.System, null, Now.AddMinutes(-1)).IsSuccess);
        }

        return payment;
    }

    private static Refund RefundIn(RefundStatus status)
    {
        var refund = Refund.Request(9, PaymentIn(PaymentStatus.Succeeded), 2590, Refund.PaidAfterCancel, Now.AddMinutes(-1));
        var path = status switch
        {
            RefundStatus.Requested => [],
            RefundStatus.Processing => [RefundTrigger.Accept],
            RefundStatus.Succeeded => [RefundTrigger.Succeed],
            _ => new[] { RefundTrigger.Fail },
        };
        foreach (var trigger in path)
        {
            Assert.True(RefundStateMachine.Machine.Fire(refund, trigger, Requester.System, null, Now.AddMinutes(-1)).IsSuccess);
        }

        return refund;
    }

    private static TheoryData<TStatus, TTrigger> Every<TStatus, TTrigger>() where TStatus : struct, Enum where TTrigger : struct, Enum
    {
        var data = new TheoryData<TStatus, TTrigger>();
        foreach (var status in Enum.GetValues<TStatus>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                data.Add(status, trigger);
            }
        }

        return data;
    }
}
