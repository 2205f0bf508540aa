using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Payments.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Circula.Payments.Endpoints;

/// <summary>The operators' dashboard figures of payments and the anomalies to act on (<see cref="PaymentOversight"/>).</summary>
public static class PaymentOversightEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/payments").WithTags("Payments admin").RequireAuthorization(Permissions.PaymentsManage);
        admin.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapGet("/statistics", Statistics).WithName("GetPaymentStatistics")
            .WithSummary("The dashboard's payment figures: today (China time), payments and refunds by status, and per China day of the last `days` (1-90, default 30) money in, money back and anomalies")
            .WithResponseExample(new PaymentStatisticsReport(ExampleDay, [new PaymentStatusCount(PaymentStatus.Succeeded, 130), new PaymentStatusCount(PaymentStatus.Pending, 3)],
                [new RefundStatusCount(RefundStatus.Succeeded, 2)], [ExampleDay]));
        admin.MapGet("/anomalies", Anomalies).WithName("ListPaymentAnomalies")
            .WithSummary("Verified notifications an operator has to look at, newest first: money after a cancel or for a paid order, a second transaction, unknown order, amount or merchant mismatch, failed or unknown refunds")
            .WithResponseExample(new PagedList<PaymentAnomaly>([new PaymentAnomaly("12", "wechatpay", "EV-3f1c9a0d5e7b2c4a6d8e0f1a", "TRANSACTION.SUCCESS",
                "P7214567890987654321", "4200000000000000000000000001", "7214567890987654321", NotificationOutcomes.AmountMismatch,
                "the notification says 2600 fen, the payment is 2590 fen", new DateTime(2026, 6, 1, 8, 1, 0, DateTimeKind.Utc))], 1, 20, 1));
    }

    private static readonly PaymentDay ExampleDay = new("2026-06-01", 9, 35820, 2590, 1);

    public static async Task<Results<Ok<PaymentStatisticsReport>, ProblemHttpResult>> Statistics(CirculaDbContext db, TimeProvider clock, int days = 30,
        CancellationToken ct = default) =>
        (await PaymentOversight.ReportAsync(db, clock.GetUtcNow().UtcDateTime, days, ct)).ToOk(report => report);

    public static async Task<Results<Ok<PagedList<PaymentAnomaly>>, ProblemHttpResult>> Anomalies(CirculaDbContext db, string? outcome, int page = 1,
        int pageSize = 20, CancellationToken ct = default) =>
        (await PaymentOversight.AnomaliesAsync(db, outcome, page, pageSize, ct)).ToOk(list => list);
}
