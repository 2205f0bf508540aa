using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Recycling.Endpoints;

/// <summary>One step of an appointment's history.</summary>
public sealed record AppointmentStepView(string From, string To, string Trigger, string Actor, string? ActorUserId, string? Reason, DateTime At)
{
    public static AppointmentStepView Of(AppointmentHistoryEntry h) =>
        new(AppointmentView.Snake(h.FromStatus), AppointmentView.Snake(h.ToStatus), AppointmentView.Snake(h.Trigger), AppointmentView.Snake(h.Actor),
            h.ActorUserId is { } user ? AppointmentView.Text(user) : null, h.Reason, h.CreatedAt);
}

/// <summary>An appointment's payout: through which provider, how much (fen), requested, processing, paid or refused.</summary>
public sealed record PayoutView(string Provider, long AmountFen, string Status, string? Reference, DateTime CreatedAt, DateTime? PaidAt)
{
    public static PayoutView From(Payout p) => new(p.Provider, p.AmountFen, AppointmentView.Snake(p.Status), p.Reference, p.CreatedAt, p.PaidAt);
}

/// <summary>
/// An appointment as operators read it: the appointment, the items as quoted (to set beside the weighed ones), every
/// step it took, its payout once completed, and the triggers an operator may send it now (confirm, assign, reassign, cancel).
/// </summary>
public sealed record AppointmentDetailView(AppointmentView Appointment, QuoteBreakdown Quoted, IReadOnlyList<AppointmentStepView> History,
    PayoutView? Payout, IReadOnlyList<string> AllowedActions)
{
    public static readonly AppointmentDetailView Example = new(AppointmentView.WeighedExample with { Status = "completed", PriceAcceptance = "accepted" },
        new QuoteBreakdown("kg", [new QuotedItem(60m, new Dictionary<string, object> { ["wet"] = false }, 150, [], null, 150, 9000)], 9000),
        [new AppointmentStepView("pending", "confirmed", "confirm", "operator", "1", null, new DateTime(2026, 5, 1, 3, 0, 0, DateTimeKind.Utc))],
        new PayoutView("cash", 7000, "paid", "cash:7212345678900000001", new DateTime(2026, 5, 2, 1, 40, 0, DateTimeKind.Utc),
            new DateTime(2026, 5, 2, 1, 40, 1, DateTimeKind.Utc)), []);

    /// <summary>What an operator may do to an appointment in <paramref name="status"/>, as the transition table says.</summary>
    public static IReadOnlyList<string> OperatorActions(AppointmentStatus status) =>
        AppointmentStateMachine.Machine.AllowedFrom(status, Actor.Operator).Select(AppointmentView.Snake).ToList();
}

/// <summary>A customer's recycling balance in fen and its movements (credited at completion, debited when paid out).</summary>
public sealed record BalanceView(long BalanceFen, IReadOnlyList<LedgerEntryView> Entries)
{
    public static readonly BalanceView Example = new(0,
    [
        new LedgerEntryView("7212345678901234999", LedgerEntry.PaidOut, -7000, new DateTime(2026, 5, 2, 1, 40, 1, DateTimeKind.Utc)),
        new LedgerEntryView("7212345678901234999", LedgerEntry.Proceeds, 7000, new DateTime(2026, 5, 2, 1, 40, 0, DateTimeKind.Utc)),
    ]);
}

public sealed record LedgerEntryView(string AppointmentId, string Reason, long AmountFen, DateTime At)
{
    public static LedgerEntryView From(LedgerEntry e) => new(AppointmentView.Text(e.AppointmentId), e.Reason, e.AmountFen, e.CreatedAt);
}

/// <summary>A collector profile: area (GeoJSON Polygon, GCJ-02), base point, hours (China time), places per slot.</summary>
public sealed record CollectorView(string UserId, string Name, JsonElement Area, double BaseLatitude, double BaseLongitude, string Opens, string Closes,
    int SlotCapacity, bool Active, DateTime UpdatedAt)
{
    public static CollectorView From(Collector c) =>
        new(AppointmentView.Text(c.UserId), c.Name, JsonDocument.Parse(c.Area).RootElement, c.BaseLatitude, c.BaseLongitude, ServiceAreaView.Time(c.OpensMinute),
            ServiceAreaView.Time(c.ClosesMinute), c.SlotCapacity, c.Active, c.UpdatedAt);
}

internal static class AppointmentAnswers
{
    /// <summary>The appointment after a transition, or the refusal.</summary>
    public static Results<Ok<AppointmentView>, ProblemHttpResult> Answer(this Result<Appointment> result, PiiProtector pii, bool fullContact = false) =>
        result.IsSuccess ? TypedResults.Ok(AppointmentView.From(result.Value, pii, fullContact)) : result.Error.ToProblem();

    public static RouteHandlerBuilder Transition(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
