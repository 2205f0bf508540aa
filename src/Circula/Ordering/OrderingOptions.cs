using System.ComponentModel.DataAnnotations;

namespace Circula.Ordering;

/// <summary>Bound from <c>Circula:Ordering</c>.</summary>
public sealed class OrderingOptions
{
    public const string Section = "Circula:Ordering";

    /// <summary>An unpaid order is cancelled and its stock released this long after it was placed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Circula:Ordering:PaymentTimeout must be between 1 second and 7 days.")]
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A shipped order completes by itself this long after shipping unless the customer confirms earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00", ErrorMessage = "Circula:Ordering:AutoCompleteAfter must be between 1 second and 60 days.")]
    public TimeSpan AutoCompleteAfter { get; set; } = TimeSpan.FromDays(10);

    [Range(1, 10_000)]
    public int MaxQuantityPerLine { get; set; } = 99;

    /// <summary>Most orders one customer may have waiting for payment at once; another is refused until one is paid or cancelled.</summary>
    [Range(1, 10_000, ErrorMessage = "Circula:Ordering:MaxUnpaidOrdersPerCustomer must be between 1 and 10000.")]
    public int MaxUnpaidOrdersPerCustomer { get; set; } = 10;

    /// <summary>Most units of one SKU one customer may hold, reserved and unpaid, across all their unpaid orders.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Circula:Ordering:MaxUnitsHeldPerSku must be between 1 and 1000000.")]
    public int MaxUnitsHeldPerSku { get; set; } = 99;

    /// <summary>Replaying a request with the same Idempotency-Key returns the first answer for this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired idempotency records are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan IdempotencyCleanupInterval { get; set; } = TimeSpan.FromHours(1);

    public const int MaxLines = 50;
}
