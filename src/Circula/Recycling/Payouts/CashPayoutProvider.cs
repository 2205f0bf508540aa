using System.Globalization;

namespace Circula.Recycling.Payouts;

/// <summary>
/// Cash handed over by the collector at the door: the collector states the amount when completing (it must be the
/// final price), so by the time the payout is made the money has already changed hands; the answer records who paid.
/// </summary>
public sealed class CashPayoutProvider : IPayoutProvider
{
    public static readonly PayoutProviderInfo Description = new("cash", "现金", InPerson: true);

    public PayoutProviderInfo Info => Description;

    public Task<PayoutAnswer> PayAsync(PayoutOrder order, CancellationToken ct) =>
        Task.FromResult<PayoutAnswer>(new PayoutAnswer.Paid($"cash:{order.CollectorUserId.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Cash is paid the moment it is recorded; there is never anything to ask.</summary>
    public Task<PayoutAnswer?> QueryAsync(PayoutOrder order, CancellationToken ct) => Task.FromResult<PayoutAnswer?>(null);
}
