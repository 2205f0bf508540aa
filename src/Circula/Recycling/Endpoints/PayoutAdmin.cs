using System.Globalization;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Circula.Recycling.Endpoints;

/// <summary>Operators (the admin console): the payouts, newest first, by status or appointment, a page at a time.</summary>
public static class PayoutAdmin
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/recycling/payouts").WithTags("Recycling admin").RequireAuthorization(Permissions.RecyclingPayoutsRead);
        admin.MapGet("/", List).WithName("ListRecyclingPayouts")
            .WithSummary("Payouts newest first, optionally of one status (requested, processing, paid, refused) or one appointment; page from 1, pageSize 1 to 100")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseExample(new PagedList<PayoutView>([PayoutView.Example], 1, 20, 1));
    }

    public static async Task<Results<Ok<PagedList<PayoutView>>, ProblemHttpResult>> List(CirculaDbContext db, string? status, string? appointmentId,
        int page = 1, int pageSize = 20, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        var wanted = errors.EnumFilter<PayoutStatus>("status", status);
        long? appointment = null;
        if (appointmentId is not null)
        {
            appointment = long.TryParse(appointmentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
            if (appointment is null)
            {
                errors.Add("appointmentId", "must be an appointment id (a string of digits).");
            }
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var query = db.Set<Payout>().AsNoTracking();
        query = wanted is { } s ? query.Where(p => p.Status == s) : query;
        query = appointment is { } a ? query.Where(p => p.AppointmentId == a) : query;
        var (items, total) = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.AppointmentId).PageAsync(page, pageSize, ct);
        return TypedResults.Ok(new PagedList<PayoutView>(items.Select(PayoutView.From).ToList(), page, pageSize, total));
    }
}
