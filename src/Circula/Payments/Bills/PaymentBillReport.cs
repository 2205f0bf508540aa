using Microsoft.EntityFrameworkCore;

namespace Circula.Payments.Bills;

public enum BillReportStatus
{
    /// <summary>Waiting for its first run, or for a retry at <see cref="PaymentBillReport.DueAt"/> after a failed one.</summary>
    Pending,

    /// <summary>The bill was downloaded, verified and compared; the counts and discrepancies are those of the last run.</summary>
    Completed,

    /// <summary>Every retry failed (<c>Circula:Payments:Bills:MaxAttempts</c>): an operator has to look (and may run it again).</summary>
    Failed,
}

/// <summary>The comparison of one provider's bill for one China day with our payments and refunds. Fen throughout.</summary>
public sealed class PaymentBillReport
{
    public long Id { get; set; }

    public required string Provider { get; set; }

    /// <summary>A China (UTC+8) calendar day, see <see cref="ChinaDay"/>.</summary>
    public DateOnly BillDate { get; set; }

    public BillReportStatus Status { get; set; }

    public DateTime DueAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Why the last run failed (<c>code: message</c>); kept after a later success only until that success.</summary>
    public string? LastError { get; set; }

    public string? BillSha1 { get; set; }

    public long BillPaymentCount { get; set; }

    public long BillPaymentFen { get; set; }

    public long BillRefundCount { get; set; }

    public long BillRefundFen { get; set; }

    public long LocalPaymentCount { get; set; }

    public long LocalPaymentFen { get; set; }

    public long LocalRefundCount { get; set; }

    public long LocalRefundFen { get; set; }

    public long MatchedCount { get; set; }

    public long DiscrepancyCount { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTime? ClaimedUntil { get; set; }
}

/// <summary>What one bill line, or one of our payments or refunds, disagrees on.</summary>
public sealed class PaymentBillDiscrepancy
{
    public const string SubjectPayment = "payment";
    public const string SubjectRefund = "refund";

    /// <summary>The provider has a successful trade (or refund) that is not Succeeded here: unknown, or in another state.</summary>
    public const string MissingLocally = "missing_locally";

    /// <summary>Succeeded here during the bill's day, but not in the provider's bill.</summary>
    public const string MissingAtProvider = "missing_at_provider";

    public const string AmountMismatch = "amount_mismatch";

    /// <summary>Succeeded here, while the bill says otherwise (e.g. REVOKED, or a refund not SUCCESS), or a different transaction.</summary>
    public const string StatusMismatch = "status_mismatch";

    public long Id { get; set; }

    public long ReportId { get; set; }

    public required string Subject { get; set; }

    public required string Kind { get; set; }

    public string? OutTradeNo { get; set; }

    public string? OutRefundNo { get; set; }

    public string? ProviderTransactionId { get; set; }

    public long? PaymentId { get; set; }

    public long? RefundId { get; set; }

    public long? BillAmountFen { get; set; }

    public long? LocalAmountFen { get; set; }

    public string? BillStatus { get; set; }

    public string? LocalStatus { get; set; }

    public required string Detail { get; set; }
}

internal static class PaymentBillsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PaymentBillReport>(e =>
        {
            e.ToTable("PaymentBillReports");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion<string>();
        });
        modelBuilder.Entity<PaymentBillDiscrepancy>(e =>
        {
            e.ToTable("PaymentBillDiscrepancies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
    }
}
