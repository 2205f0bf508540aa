namespace Circula.Marketplace.Favourites;

/// <summary>A user keeps a listing to come back to; one row per user and listing.</summary>
public sealed class Favourite
{
    private Favourite()
    {
    }

    public long UserId { get; private init; }

    public long ListingId { get; private init; }

    public DateTime CreatedAt { get; private init; }
}
