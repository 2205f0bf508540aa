using Circula.Shared.Outbox;

namespace Circula.Payments.Contracts;

/// <summary>Operator alert: a completed bill reconciliation found discrepancies (see the report at /api/v1/admin/payments/bills/{reportId}).</summary>
public sealed record PaymentBillDiscrepanciesFound(BillReportId ReportId, string Provider, string BillDate, long DiscrepancyCount, IReadOnlyDictionary<string, int> Kinds)
    : IIntegrationEvent
{
    public static string EventType => "payment.bill-discrepancies.v1";
}

/// <summary>Operator alert: a bill could not be reconciled after every retry.</summary>
public sealed record PaymentBillReconciliationFailed(BillReportId ReportId, string Provider, string BillDate, int Attempts, string LastError) : IIntegrationEvent
{
    public static string EventType => "payment.bill-reconciliation-failed.v1";
}
