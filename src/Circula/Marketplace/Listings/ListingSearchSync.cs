using Circula.Marketplace.Contracts;
using Circula.Marketplace.Credit;
using Circula.Marketplace.Search;

namespace Circula.Marketplace.Listings;

/// <summary>
/// Keeps a listing's search document in step with it: an Active listing is indexed as it now reads (with its seller's
/// credit, which breaks ties in ranking), any other is not in the index. Called inside the transaction that saves the
/// listing, so search never finds what is not published; a later credit change updates the seller's documents itself.
/// </summary>
public sealed class ListingSearchSync(ListingSearchIndex index, SellerCredits credits)
{
    public async Task SyncAsync(Listing listing, CancellationToken ct)
    {
        if (listing.Status == ListingStatus.Active)
        {
            await index.UpsertAsync(Document(listing, await credits.ScoreAsync(listing.SellerId, ct)), ct);
        }
        else
        {
            await index.RemoveAsync(listing.Id, ct);
        }
    }

    private static ListingSearchDocument Document(Listing listing, int sellerCredit) => new(listing.Id, listing.SellerId, listing.Title, listing.Description,
        listing.CategoryId, ListingRequest.Kebab(listing.Condition), listing.PriceFen, listing.Latitude, listing.Longitude, listing.District, sellerCredit,
        listing.PublishedAt ?? listing.UpdatedAt, listing.ImageList.FirstOrDefault());
}
