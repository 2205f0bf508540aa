using Circula.Shared;

namespace Circula.Inventory;

/// <summary>An operator's correction of on-hand stock (a count, damage, a delivery), with the reason kept in the ledger.</summary>
public sealed record AdjustStockRequest(int Delta, string Reason) : IValidatable
{
    public const int MaxDelta = 1_000_000;
    public const int MaxReasonLength = 200;

    public void Validate(FieldErrors errors)
    {
        errors.Range("delta", Delta, -MaxDelta, MaxDelta);
        if (Delta == 0)
        {
            errors.Add("delta", "must not be 0.");
        }

        errors.Required("reason", Reason, MaxReasonLength, TextKind.MultiLine);
    }
}

public sealed record StockThresholdRequest(int LowStockThreshold) : IValidatable
{
    public const int MaxThreshold = 1_000_000;

    public void Validate(FieldErrors errors) => errors.Range("lowStockThreshold", LowStockThreshold, 0, MaxThreshold);
}
