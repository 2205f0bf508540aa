using System.ComponentModel.DataAnnotations;

namespace Circula.Payments.Bills;

/// <summary>Bound from <c>Circula:Payments:Bills</c>: the daily bill reconciliation.</summary>
public sealed class PaymentBillOptions
{
    public const string Section = "Circula:Payments:Bills";

    /// <summary>Off: no daily run (operators can still run a date by hand).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>China time of day after which yesterday's bill is fetched. WeChat Pay makes it from 09:00 and advises fetching after 10:00.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59", ErrorMessage = "Circula:Payments:Bills:RunAfter must be a China time of day (00:00:00 to 23:59:59).")]
    public TimeSpan RunAfter { get; set; } = TimeSpan.FromHours(10);

    /// <summary>A failed run (bill not ready, provider down, bad hash) is tried again this much later.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Circula:Payments:Bills:RetryEvery must be between 1 minute and 1 day.")]
    public TimeSpan RetryEvery { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After this many failed runs the report is Failed and <c>payment.bill-reconciliation-failed</c> is raised.</summary>
    [Range(1, 1000, ErrorMessage = "Circula:Payments:Bills:MaxAttempts must be between 1 and 1000.")]
    public int MaxAttempts { get; set; } = 24;
}
