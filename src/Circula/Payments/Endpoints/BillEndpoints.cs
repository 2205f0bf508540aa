using System.Globalization;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments.Bills;
using Circula.Payments.Providers;
using Circula.Payments.WeChatPay;
using Circula.Shared;
using Circula.Shared.OpenApi;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Payments.Endpoints;

/// <summary><c>POST /api/v1/admin/payments/bills</c>: run (or run again) one provider's bill of one China day now.</summary>
public sealed record RunBillRequest(string Provider, string BillDate)
{
    /// <summary>The one check of the request (422 validation_failed): a provider the registry knows, a date written yyyy-MM-dd.</summary>
    public DomainError? Validate(PaymentProviders providers)
    {
        var errors = new FieldErrors();
        providers.CheckName(Provider, "provider", errors);
        if (!ChinaDay.TryParse(BillDate, out _))
        {
            errors.Add("billDate", "must be a date written yyyy-MM-dd (a China calendar day).");
        }

        return errors.Any ? DomainError.Validation(errors.ToDictionary()) : null;
    }
}

/// <summary>Counts and totals (fen) of one side of a comparison.</summary>
public sealed record BillTotalsView(long PaymentCount, long PaymentFen, long RefundCount, long RefundFen);

public sealed record BillDiscrepancyView(string Subject, string Kind, string? OutTradeNo, string? OutRefundNo, string? ProviderTransactionId, string? PaymentId,
    string? RefundId, long? BillAmountFen, long? LocalAmountFen, string? BillStatus, string? LocalStatus, string Detail)
{
    public static BillDiscrepancyView From(PaymentBillDiscrepancy d) => new(d.Subject, d.Kind, d.OutTradeNo, d.OutRefundNo, d.ProviderTransactionId,
        d.PaymentId?.ToString(CultureInfo.InvariantCulture), d.RefundId?.ToString(CultureInfo.InvariantCulture), d.BillAmountFen, d.LocalAmountFen,
        d.BillStatus, d.LocalStatus, d.Detail);
}

/// <summary>
/// A report as operators see it; <see cref="Discrepancies"/> only when one report is read (null in lists). <see cref="Running"/>
/// is true while a run (the worker's or an operator's) holds the report: its download and comparison are under way.
/// </summary>
public sealed record BillReportView(string Id, string Provider, string BillDate, string Status, bool Running, int Attempts, string? LastError, DateTime DueAt,
    DateTime? CompletedAt, string? BillSha1, BillTotalsView Bill, BillTotalsView Local, long MatchedCount, long DiscrepancyCount,
    IReadOnlyList<BillDiscrepancyView>? Discrepancies)
{
    public static BillReportView From(PaymentBillReport r, DateTime now, IReadOnlyList<BillDiscrepancyView>? discrepancies) => new(
        r.Id.ToString(CultureInfo.InvariantCulture), r.Provider, ChinaDay.ToText(r.BillDate), r.Status.ToString().ToLowerInvariant(), r.ClaimedUntil > now, r.Attempts,
        r.LastError,
        r.DueAt, r.CompletedAt, r.BillSha1, new(r.BillPaymentCount, r.BillPaymentFen, r.BillRefundCount, r.BillRefundFen),
        new(r.LocalPaymentCount, r.LocalPaymentFen, r.LocalRefundCount, r.LocalRefundFen), r.MatchedCount, r.DiscrepancyCount, discrepancies);
}

/// <summary>Operators read the daily reports and run one date (again) by hand.</summary>
public static class BillEndpoints
{
    private static readonly BillReportView Example = new("7214567890987654400", WeChatPayProvider.Name, "2026-06-01", "completed", false, 1, null,
        new DateTime(2026, 6, 2, 2, 0, 0, DateTimeKind.Utc), new DateTime(2026, 6, 2, 2, 0, 3, DateTimeKind.Utc), "79bb0f45fc4c42234a918000b2668d689e2bde04",
        new(3, 7770, 0, 0), new(3, 7770, 0, 0), 2, 2,
        [
            new(PaymentBillDiscrepancy.SubjectPayment, PaymentBillDiscrepancy.AmountMismatch, "P7214567890987654321", null, "4200000985202606010000000001",
                "7214567890987654321", null, 2600, 2590, "SUCCESS", "succeeded", "The bill says 2600 fen, ours is 2590 fen."),
            new(PaymentBillDiscrepancy.SubjectPayment, PaymentBillDiscrepancy.MissingAtProvider, "P7214567890987654322", null, "4200000985202606010000000002",
                "7214567890987654322", null, null, 2590, null, "succeeded", "Succeeded here at 2026-06-01T03:00:00Z, not in the provider's bill."),
        ]);

    public static void Map(IEndpointRouteBuilder app)
    {
        var bills = app.MapGroup("/api/v1/admin/payments/bills").WithTags("Payments admin").RequireAuthorization(Permissions.PaymentsManage);
        bills.MapGet("/", List).WithName("ListPaymentBillReports")
            .WithSummary("Daily bill reconciliation reports, newest bill date first (counts and totals in fen; no discrepancies, read one report for those); " +
                "running is true while a run holds a report, so a console polls this while a run it started is under way")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<BillReportView>([Example with { Discrepancies = null }], 1, 20, 1));
        bills.MapGet("/{id:long}", Get).WithName("GetPaymentBillReport").WithSummary("One bill reconciliation report with its discrepancies")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(Example);
        bills.MapPost("/", Run).WithName("RunPaymentBillReconciliation")
            .WithSummary("Download one provider's bill of one China day (yyyy-MM-dd, before today) and compare it now; a second run replaces the comparison")
            .WithDescription("409 bill_run_in_progress while another run of the same report is going on; 422 bill_date_not_available for today or later; " +
                "422 bill_not_supported for a provider without a bill source (both WeChat Pay and Alipay have one); 502 bill_provider_error, bill_hash_mismatch or bill_malformed " +
                "when the bill could not be had or trusted (nothing is stored as completed; the daily worker retries a report that never completed); " +
                "503 payment_provider_disabled when the provider is not configured.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithRequestExample(new RunBillRequest(WeChatPayProvider.Name, "2026-06-01"))
            .WithResponseExample(Example);
    }

    public static async Task<Results<Ok<PagedList<BillReportView>>, ProblemHttpResult>> List(
        CirculaDbContext db, TimeProvider clock, string? provider, string? status, int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        var wanted = errors.EnumFilter<BillReportStatus>("status", status);
        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var query = db.Set<PaymentBillReport>().AsNoTracking();
        query = provider is null ? query : query.Where(r => r.Provider == provider);
        query = wanted is { } s ? query.Where(r => r.Status == s) : query;
        var (items, total) = await query.OrderByDescending(r => r.BillDate).ThenBy(r => r.Provider).PageAsync(page, pageSize, ct);
        return TypedResults.Ok(new PagedList<BillReportView>(items.Select(r => BillReportView.From(r, clock.GetUtcNow().UtcDateTime, null)).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<BillReportView>, ProblemHttpResult>> Get(long id, CirculaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var report = await db.Set<PaymentBillReport>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        return report is null ? ApiProblems.NotFound("Bill report") : TypedResults.Ok(await ViewAsync(db, clock, report, ct));
    }

    public static async Task<Results<Ok<BillReportView>, ProblemHttpResult>> Run(RunBillRequest request, BillReconciliation reconciliation,
        PaymentProviders providers, CirculaDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (request.Validate(providers) is { } invalid)
        {
            return invalid.ToProblem();
        }

        ChinaDay.TryParse(request.BillDate, out var billDate);
        var run = await reconciliation.RunDateAsync(request.Provider, billDate, ct);
        return run.IsSuccess ? TypedResults.Ok(await ViewAsync(db, clock, run.Value, ct)) : run.Error.ToProblem();
    }

    private static async Task<BillReportView> ViewAsync(CirculaDbContext db, TimeProvider clock, PaymentBillReport report, CancellationToken ct)
    {
        var discrepancies = await db.Set<PaymentBillDiscrepancy>().AsNoTracking().Where(d => d.ReportId == report.Id).OrderBy(d => d.Id).ToListAsync(ct);
        return BillReportView.From(report, clock.GetUtcNow().UtcDateTime, discrepancies.Select(BillDiscrepancyView.From).ToList());
    }
}
