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
/// One change to a SKU's stock. <see cref="QuantityDelta"/> is the signed change of the figure the movement is
/// about: on-hand for initial, adjust and commit; available for reserve (negative) and release (positive).
/// </summary>
public sealed class InventoryMovement
{
    public long Id { get; set; }

    public long SkuId { get; set; }

    public required string Kind { get; set; }

    public int QuantityDelta { get; set; }

    public int OnHandAfter { get; set; }

    public int ReservedAfter { get; set; }

    public int AvailableAfter { get; set; }

    public required string Reason { get; set; }

    public long? ActorUserId { get; set; }

    /// <summary>The order (a Snowflake id) behind a reserve, release or commit.</summary>
    public long? OrderId { get; set; }

    public DateTime CreatedAt { get; set; }
}
