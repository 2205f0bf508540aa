using Circula.Identity.Contracts;
using Circula.Shared.Results;

namespace Circula.Ordering.Contracts;

/// <summary>A second-hand listing as an order takes it: one item, its seller, and the title and price the order keeps.</summary>
public sealed record ListingForOrder(long ListingId, UserId SellerId, string Title, long PriceFen);

/// <summary>
/// What an order needs of the marketplace listing it buys (there is one of it, so the listing itself is held, not stock),
/// implemented by the marketplace. Every call works in the caller's (the order's) transaction, so the listing and the order
/// change together or not at all: reserved when the order is placed, released when it ends unshipped (cancelled, payment
/// timeout, refunded), sold when it is shipped, as a shop order's stock is reserved, released and committed.
/// </summary>
public interface IListingGoods
{
    /// <summary>
    /// Holds the listing for <paramref name="orderId"/>: it must be on the market and not <paramref name="buyerId"/>'s own. Refusals:
    /// not found (404), the buyer's own listing (409 <c>own_listing</c>), not on the market (409 <c>listing_unavailable</c>,
    /// also for the loser of two buyers racing for it).
    /// </summary>
    Task<Result<ListingForOrder>> ReserveAsync(long listingId, UserId buyerId, OrderId orderId, CancellationToken ct);

    /// <summary>The holding order ended with the item still at the seller's: the listing is on the market again.</summary>
    Task ReleaseAsync(long listingId, OrderId orderId, string reason, CancellationToken ct);

    /// <summary>The seller shipped it to the holding order's buyer: the listing is sold.</summary>
    Task SellAsync(long listingId, OrderId orderId, CancellationToken ct);
}
