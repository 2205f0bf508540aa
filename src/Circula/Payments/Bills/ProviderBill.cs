namespace Circula.Payments.Bills;

/// <summary>One payment line of a provider's bill: the trade as the provider booked it (amount in fen, time in UTC).</summary>
public sealed record BillPayment(string OutTradeNo, string TransactionId, string State, long AmountFen, DateTime TradedAtUtc)
{
    /// <summary>The only state that means the money arrived (WeChat Pay <c>SUCCESS</c>; a paid-then-revoked trade says <c>REVOKED</c>).</summary>
    public const string Success = "SUCCESS";
}

/// <summary>One refund line of a provider's bill.</summary>
public sealed record BillRefund(string OutTradeNo, string OutRefundNo, string RefundId, string State, long AmountFen, DateTime RefundedAtUtc);

/// <summary>A downloaded, verified and parsed bill of one provider for one China day.</summary>
public sealed record ProviderBill(string Provider, DateOnly BillDate, string Sha1, IReadOnlyList<BillPayment> Payments, IReadOnlyList<BillRefund> Refunds);

/// <summary>Where a provider's daily bill comes from (<see cref="Providers.IPaymentProvider.Bills"/>, for a provider that offers one).</summary>
public interface IPaymentBillSource
{
    /// <summary>The bill, or <see cref="BillUnavailableException"/> saying why not (not ready yet, refused, corrupt).</summary>
    Task<ProviderBill> FetchAsync(DateOnly billDate, CancellationToken ct);
}

/// <summary>The bill could not be had or trusted; <see cref="Code"/> is stable (stored as the report's error and sent in 502 answers).</summary>
public sealed class BillUnavailableException(string code, string message) : Exception(message)
{
    public const string ProviderError = "bill_provider_error";
    public const string HashMismatch = "bill_hash_mismatch";
    public const string Malformed = "bill_malformed";

    public string Code { get; } = code;
}
