namespace Circula.Inventory;

/// <summary>The kinds of stock change, as stored in inventory_movements.kind.</summary>
public static class MovementKind
{
    public const string Initial = "initial";
    public const string Adjust = "adjust";
    public const string Reserve = "reserve";
    public const string Release = "release";
    public const string Commit = "commit";
}

/// <summary>
/// One change to a SKU's stock, written by <see cref="StockLedger"/> with the change itself and never altered.
/// <see cref="QuantityDelta"/> is the signed change of the figure the movement is about: on-hand for initial,
/// adjust and commit; available for reserve (negative) and release (positive).
/// </summary>
public sealed class InventoryMovement
{
    private InventoryMovement()
    {
    }

    public long Id { get; init; }

    public long SkuId { get; init; }

    public required string Kind { get; init; }

    public int QuantityDelta { get; init; }

    public int OnHandAfter { get; init; }

    public int ReservedAfter { get; init; }

    public int AvailableAfter { get; init; }

    public required string Reason { get; init; }

    public long? ActorUserId { get; init; }

    /// <summary>The order (a Snowflake id) behind a reserve, release or commit.</summary>
    public long? OrderId { get; init; }

    public DateTime CreatedAt { get; init; }
}
