using System.Text.Json;
using Circula.Recycling.Appointments;
using Circula.Recycling.Channels;
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

/// <summary>
/// An appointment's payout: through which provider, how much (fen), requested, processing, paid or refused (and why).
/// <see cref="Confirmation"/> while a WeChat transfer waits for the customer: what the mini program passes to
/// <c>wx.requestMerchantTransfer</c> (mchId, appId, package).
/// </summary>
public sealed record PayoutView(string AppointmentId, string Provider, long AmountFen, string Status, string? Reference, string? RefusedReason,
    UserConfirmation? Confirmation, DateTime CreatedAt, DateTime UpdatedAt, DateTime? PaidAt)
{
    public static readonly PayoutView Example = new("7212345678901234999", "cash", 7000, "paid", "cash:7212345678900000001", null, null,
        new DateTime(2026, 5, 2, 1, 40, 0, DateTimeKind.Utc), new DateTime(2026, 5, 2, 1, 40, 1, DateTimeKind.Utc), new DateTime(2026, 5, 2, 1, 40, 1, DateTimeKind.Utc));

    public static readonly PayoutView WaitingExample = Example with
    {
        Provider = "wechat-transfer", Status = "processing", Reference = "1330000071100999991182020050700019480001", PaidAt = null,
        Confirmation = new UserConfirmation("1900000001", "wx-sandbox-app", "affffddafdfafddffda==wxPO7212345678901234999"),
    };

    public static PayoutView From(Payout p) => new(AppointmentView.Text(p.AppointmentId), p.Provider, p.AmountFen, AppointmentView.Snake(p.Status), p.Reference,
        p.RefusedReason, p.Status == PayoutStatus.Processing ? p.Confirmation : null, p.CreatedAt, p.UpdatedAt, p.PaidAt);
}

/// <summary>
/// An appointment as operators read it: the appointment, the items as quoted (to set beside the weighed ones), every
/// step it took, its payout once completed, the triggers an operator may send it now (confirm, assign, reassign, cancel),
/// the third-party channel order that has it (if one took it) and what each channel it was offered to answered (why one
/// was passed over).
/// </summary>
public sealed record AppointmentDetailView(AppointmentView Appointment, QuoteBreakdown Quoted, IReadOnlyList<AppointmentStepView> History,
    PayoutView? Payout, IReadOnlyList<string> AllowedActions, ChannelOrderView? ChannelOrder = null, IReadOnlyList<ChannelAttemptView>? ChannelAttempts = null)
{
    public static readonly AppointmentDetailView Example = new(AppointmentView.WeighedExample with { Status = "completed", PriceAcceptance = "accepted" },
        new QuoteBreakdown("kg", [new QuotedItem(60m, new Dictionary<string, object> { ["wet"] = false }, 150, [], null, 150, 9000)], 9000),
        [new AppointmentStepView("pending", "confirmed", "confirm", "operator", "1", null, new DateTime(2026, 5, 1, 3, 0, 0, DateTimeKind.Utc))],
        PayoutView.Example, [],
        null,
        [new ChannelAttemptView("alpha", ChannelAttempt.CircuitOpen, "The circuit is now open and is not allowing calls.", new DateTime(2026, 5, 1, 3, 0, 1, DateTimeKind.Utc))]);

    /// <summary>What an operator may do to an appointment in <paramref name="status"/>, as the transition table says.</summary>
    public static IReadOnlyList<string> OperatorActions(AppointmentStatus status) =>
        AppointmentStateMachine.Machine.AllowedFrom(status, Actor.Operator).Select(AppointmentView.Snake).ToList();
}

/// <summary>The order a third-party channel holds for the appointment: its id there, the status it last reported, what it paid.</summary>
public sealed record ChannelOrderView(string Channel, string ExternalId, string Status, long? FinalFen, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static ChannelOrderView From(ChannelOrder o) => new(o.Channel, o.ExternalId, AppointmentView.Snake(o.Status), o.FinalFen, o.CreatedAt, o.UpdatedAt);
}

/// <summary>One channel offered the pickup: placed, refused, unavailable, timed_out or circuit_open, and what it said.</summary>
public sealed record ChannelAttemptView(string Channel, string Outcome, string Detail, DateTime At)
{
    public static ChannelAttemptView From(ChannelAttemptRecord a) => new(a.Channel, a.Outcome, a.Detail, a.CreatedAt);
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
