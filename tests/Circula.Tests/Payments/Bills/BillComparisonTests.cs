using Circula.Payments;
using Circula.Payments.Bills;
using Circula.Payments.Contracts;
using Circula.Payments.WeChatPay;

namespace Circula.Tests.Payments.Bills;

public sealed class BillComparisonTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private static readonly DateTime Noon = ChinaDay.AtUtc(Day, TimeSpan.FromHours(12));

    [Fact]
    public void Refunds_and_states_are_compared_as_payments_are()
    {
        var bill = new ProviderBill(WeChatPayProvider.Name, Day, "sha1",
            [new BillPayment("P1", "T1", "REVOKED", 100, Noon), new BillPayment("P2", "T2", BillPayment.Success, 200, Noon)],
            [
                new BillRefund("P3", "R1", "RF1", BillPayment.Success, 50, Noon), new BillRefund("P3", "R2", "RF2", BillPayment.Success, 60, Noon),
                new BillRefund("P3", "R3", "RF3", BillPayment.Success, 70, Noon),
            ]);
        LocalPayment[] payments = [new(1, "P1", "T1", 100, PaymentStatus.Succeeded, Noon), new(2, "P2", null, 200, PaymentStatus.Pending, null)];
        LocalRefund[] refunds =
        [
            new(11, "R1", 50, RefundStatus.Succeeded, Noon), new(12, "R2", 61, RefundStatus.Succeeded, Noon), new(13, "R3", 70, RefundStatus.Processing, null),
            new(14, "R4", 80, RefundStatus.Succeeded, Noon.AddHours(-12).AddSeconds(-1)), new(15, "R5", 90, RefundStatus.Succeeded, Noon.AddHours(11)),
        ];

        var result = BillComparison.Compare(bill, payments, refunds);

        Assert.Equal(
        [
            ("payment", "status_mismatch", "P1"), ("payment", "missing_locally", "P2"), ("refund", "amount_mismatch", "R2"), ("refund", "missing_locally", "R3"),
            ("refund", "missing_at_provider", "R5"),
        ], result.Discrepancies.Select(d => (d.Subject, d.Kind, d.Subject == "payment" ? d.OutTradeNo : d.OutRefundNo)));
        Assert.Equal((1L, 200L, 3L, 180L), (result.BillPaymentCount, result.BillPaymentFen, result.BillRefundCount, result.BillRefundFen));
        // R4 succeeded a second before the China day began: another day's bill.
        Assert.Equal((1L, 100L, 3L, 201L, 1L), (result.LocalPaymentCount, result.LocalPaymentFen, result.LocalRefundCount, result.LocalRefundFen, result.MatchedCount));
    }
}
