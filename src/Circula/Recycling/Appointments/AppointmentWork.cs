using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Recycling.Channels;
using Circula.Recycling.Collectors;
using Circula.Recycling.Contracts;
using Circula.Recycling.Payouts;
using Circula.Recycling.Pricing;
using Circula.Shared;
using Circula.Shared.Results;
using Circula.Shared.StateMachines;
using Circula.Uploads.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Circula.Recycling.Appointments;

/// <summary>
/// The steps of a pickup that carry more than a status change: confirming (which dispatches, or leaves the pickup to the third-party channels), assigning a named
/// collector, weighing (which prices the items by the quote's rule version), accepting the price and completing (which
/// settles). Each is one transaction through <see cref="AppointmentTransitions"/>.
/// </summary>
public sealed class AppointmentWork(CirculaDbContext db, AppointmentTransitions transitions, Dispatch dispatch, RecyclingChannels channels, PricingRules rules,
    QuoterCache quoters, PayoutProviders payouts, IWeChatBindings bindings, IUploads uploads, IOptions<RecyclingOptions> options)
{
    public const string PriceNotAccepted = "price_not_accepted";
    public const string HeldByChannel = "held_by_channel";

    /// <summary>
    /// Confirms a pending appointment. One that no third-party channel takes is given, in the same transaction, to the
    /// nearest collector who can take it (see <see cref="DispatchAsync"/>); when nobody can, it stays confirmed for an
    /// operator to assign.
    /// </summary>
    public async Task<Result<Appointment>> ConfirmAsync(long id, Requester by, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var confirmed = await transitions.ApplyAsync(id, AppointmentTrigger.Confirm, by, null, ct);
        if (!confirmed.IsSuccess)
        {
            return confirmed;
        }

        // One a channel may take stays confirmed here and is offered to the channels by ChannelHandover on this
        // confirmation's event, after the commit: a channel's answer takes seconds or times out, and must not hold this
        // transaction (the appointment row, the collectors' slot counts) open; the outbox also retries the hand-over
        // when this process dies before it.
        if (!await channels.MayTakeAsync(confirmed.Value, ct))
        {
            var dispatched = await DispatchAsync(confirmed.Value, ct);
            if (!dispatched.IsSuccess)
            {
                return dispatched;
            }
        }

        await transaction.CommitAsync(ct);
        return confirmed;
    }

    /// <summary>
    /// Gives a confirmed appointment to the nearest collector who can take it (see <see cref="Dispatch"/>), in the
    /// caller's transaction or its own; unchanged when nobody can.
    /// </summary>
    public async Task<Result<Appointment>> DispatchAsync(Appointment appointment, CancellationToken ct)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (ownTransaction)
        {
            if (await dispatch.ChooseAsync(appointment, ct) is not { } collector)
            {
                return appointment;
            }

            var assigned = await transitions.ApplyAsync(appointment.Id, AppointmentTrigger.Assign, Requester.System,
                $"dispatched to the nearest available collector ({collector.Name})", ct, a => Task.FromResult(Assign(a, collector.UserId)));
            if (assigned.IsSuccess && ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(ct);
            }

            return assigned;
        }
    }

    /// <summary>An operator gives a confirmed or assigned appointment to a named collector (their place in the slot is taken, a previous collector's released).</summary>
    public async Task<Result<Appointment>> AssignAsync(long id, long collectorUserId, Requester by, CancellationToken ct)
    {
        var status = await db.Set<Appointment>().Where(a => a.Id == id).Select(a => (AppointmentStatus?)a.Status).FirstOrDefaultAsync(ct);
        var trigger = status == AppointmentStatus.Assigned ? AppointmentTrigger.Reassign : AppointmentTrigger.Assign;
        return await transitions.ApplyAsync(id, trigger, by, "assigned by an operator", ct, async appointment =>
        {
            if (appointment.CollectorId == collectorUserId)
            {
                return DomainError.Conflict("already_assigned", "This collector already has this pickup.");
            }

            if (await channels.HoldsAsync(appointment.Id, ct))
            {
                return DomainError.Conflict(HeldByChannel, "A third-party channel has this pickup; cancel the appointment to take it back.");
            }

            return await dispatch.TakeNamedAsync(appointment, collectorUserId, ct) ?? Assign(appointment, collectorUserId);
        });
    }

    /// <summary>The collector records what they weighed; the price is recomputed with the rule version the quote used.</summary>
    public Task<Result<Appointment>> WeighAsync(long id, WeighingRequest request, Requester by, CancellationToken ct) =>
        transitions.ApplyAsync(id, AppointmentTrigger.Weigh, by, null, ct, async appointment =>
        {
            var rule = await rules.VersionAsync(appointment.CategoryId, appointment.RuleVersion, ct)
                ?? throw new InvalidOperationException($"Appointment {appointment.Id} names rule version {appointment.RuleVersion}, which is gone.");
            var priced = quoters.For(rule).Quote(request.Items);
            if (!priced.IsSuccess)
            {
                return priced.Error;
            }

            var photos = await uploads.OwnedInOrderAsync(by.UserId, request.PhotoNumbers, "photoIds", ct);
            if (!photos.IsSuccess)
            {
                return photos.Error;
            }

            appointment.RecordWeighing(priced.Value, options.Value.PriceToleranceBasisPoints, photos.Value.Select(WeighingPhoto.From).ToList());
            return null;
        });

    public Task<Result<Appointment>> AcceptPriceAsync(long id, Requester by, CancellationToken ct) =>
        transitions.ApplyAsync(id, AppointmentTrigger.AcceptPrice, by, null, ct, appointment => Task.FromResult(appointment.AwaitsPriceAcceptance
            ? null
            : DomainError.Conflict("price_acceptance_not_needed", "The weighed price needs no acceptance (it is close to the quote, or already accepted).")));

    /// <summary>
    /// The collector completes a weighed pickup whose price needs no more acceptance, naming the payout method; for money
    /// handed over in person they state the amount, which must be the final price. Settles exactly once.
    /// </summary>
    public Task<Result<Appointment>> CompleteAsync(long id, CompleteRequest request, Requester by, CancellationToken ct) =>
        transitions.ApplyAsync(id, AppointmentTrigger.Complete, by, null, ct, appointment => CheckCompletionAsync(appointment, request, ct), request.PayoutMethod);

    private async Task<DomainError?> CheckCompletionAsync(Appointment appointment, CompleteRequest request, CancellationToken ct)
    {
        if (appointment.AwaitsPriceAcceptance)
        {
            return DomainError.Conflict(PriceNotAccepted, "The weighed price differs from the quote: the customer must accept it before completion.");
        }

        var errors = new FieldErrors();
        var provider = payouts.Check(request.PayoutMethod, "payoutMethod", errors, out var unavailable);
        if (unavailable is not null)
        {
            return unavailable;
        }

        switch (provider?.Info)
        {
            case { InPerson: true } when request.PaidFen != appointment.FinalFen:
                errors.Add("paidFen", $"must be the final price, {appointment.FinalFen} fen, handed over to the customer.");
                break;
            case { MaxAmountFen: { } cap } when appointment.FinalFen > cap:
                errors.Add("payoutMethod", $"{provider.Info.Name} pays at most {cap} fen at a time; the final price is {appointment.FinalFen} fen: pay it another way.");
                break;
            case { NeedsWeChatOpenId: true } when await bindings.GetOpenIdAsync(appointment.UserId, ct) is null:
                errors.Add("payoutMethod", $"{provider.Info.Name} needs the customer to have signed in with WeChat, and they have not: pay them another way.");
                break;
        }

        return errors.Any ? DomainError.Validation(errors.ToDictionary()) : null;
    }

    private static DomainError? Assign(Appointment appointment, long collectorUserId)
    {
        appointment.AssignTo(collectorUserId);
        return null;
    }
}

