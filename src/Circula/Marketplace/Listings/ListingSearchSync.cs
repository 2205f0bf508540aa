using Circula.Marketplace.Contracts;
using Circula.Marketplace.Search;

namespace Circula.Marketplace.Listings;

/// <summary>
/// Keeps a listing's search document in step with it: an Active listing is indexed as it now reads, any other is not in
/// the index. Called inside the transaction that saves the listing, so search never finds what is not published.
/// </summary>
public sealed class ListingSearchSync(ListingSearchIndex index)
{
    public Task SyncAsync(Listing listing, CancellationToken ct) => listing.Status == ListingStatus.Active
        ? index.UpsertAsync(Document(listing), ct)
        : index.RemoveAsync(listing.Id, ct);

    // Seller credit arrives with the credit trail; until then every seller ranks alike.
    private static ListingSearchDocument Document(Listing listing) => new(listing.Id, listing.SellerId, listing.Title, listing.Description,
        listing.CategoryId, ListingRequest.Kebab(listing.Condition), listing.PriceFen, listing.Latitude, listing.Longitude, listing.District, 0,
        listing.PublishedAt ?? listing.UpdatedAt, listing.ImageList.FirstOrDefault());
}
