using System.Globalization;
using System.Text.Json.Serialization;
using Circula.Identity.Contracts;
using Circula.Shared.Ids;
using Circula.Shared.Outbox;
using Circula.Shared.StateMachines;

namespace Circula.Marketplace.Contracts;

/// <summary>A listing's id as contracts and events carry it (a string in JSON).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<ListingId>))]
public readonly record struct ListingId(long Value) : ITypedId<ListingId>
{
    public static ListingId From(long value) => new(value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What happens to a listing.</summary>
public enum ListingTrigger
{
    /// <summary>The seller sends a draft (or a rejected listing they edited) to review.</summary>
    Submit,

    /// <summary>An operator (or, when clean listings are auto-approved, the system) publishes it.</summary>
    Approve,

    /// <summary>An operator refuses it with a reason; the seller may edit and submit again.</summary>
    Reject,

    /// <summary>An operator takes a published listing down with a reason; the seller may edit and submit again.</summary>
    TakeDown,

    /// <summary>The seller edited a published listing and the blocklist flagged the new text: back to review.</summary>
    EditFlagged,

    /// <summary>The seller takes their published listing off the market.</summary>
    Withdraw,

    /// <summary>The seller puts a withdrawn listing up again (through review).</summary>
    Relist,

    /// <summary>A buyer's order holds it while unpaid (the purchase flow).</summary>
    Reserve,

    /// <summary>The holding order ended unpaid: on the market again.</summary>
    Release,

    /// <summary>The holding order was paid.</summary>
    Sell,
}

/// <summary>
/// A listing moved through its transition table (one event per transition). <see cref="Reason"/> is an operator's
/// rejection or take-down reason, or the blocked words that flagged an edit.
/// </summary>
public sealed record ListingStatusChanged(ListingId ListingId, UserId SellerId, ListingStatus From, ListingStatus To, ListingTrigger Trigger, Actor Actor,
    string? Reason) : IIntegrationEvent
{
    public static string EventType => "marketplace.listing-status-changed.v1";
}
