using Circula.Shared;
using Circula.Shared.Results;

namespace Circula.Ordering;

public sealed record OrderLineRequest(long SkuId, int Quantity);

/// <summary>What a customer orders: the lines, where they go, a remark.</summary>
public sealed record PlaceOrderRequest(IReadOnlyList<OrderLineRequest> Lines, DeliveryAddress Address, string? Remark) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Lines is null || Lines.Count == 0)
        {
            errors.Add("lines", "must contain at least one line.");
        }
        else if (Lines.Count > OrderingOptions.MaxLines)
        {
            errors.Add("lines", $"must contain at most {OrderingOptions.MaxLines} lines.");
        }
        else
        {
            for (var i = 0; i < Lines.Count; i++)
            {
                if (Lines[i] is null)
                {
                    errors.Add($"lines[{i}]", "is required.");
                }
                else if (Lines[i].Quantity < 1)
                {
                    errors.Add($"lines[{i}].quantity", "must be at least 1.");
                }
                else if (Lines.Take(i).Any(l => l?.SkuId == Lines[i].SkuId))
                {
                    errors.Add($"lines[{i}].skuId", "appears twice; put the whole quantity on one line.");
                }
            }
        }

        DeliveryAddress.CheckRequired(errors, Address);
        errors.Optional("remark", Remark, 200, TextKind.MultiLine);
    }

    /// <summary>
    /// The refusal of the first line over <paramref name="maxPerLine"/> units (<c>Circula:Ordering:MaxQuantityPerLine</c>), or
    /// null. Its own code, not validation_failed, because clients offer the limit instead of a field message.
    /// </summary>
    public DomainError? CheckQuantityLimit(int maxPerLine)
    {
        for (var i = 0; i < Lines.Count; i++)
        {
            if (Lines[i].Quantity > maxPerLine)
            {
                return DomainError.Invalid("quantity_limit_exceeded", $"At most {maxPerLine} of one SKU per order (SKU {Lines[i].SkuId}).",
                    new Dictionary<string, string[]> { [$"lines[{i}].quantity"] = [$"must be at most {maxPerLine}."] });
            }
        }

        return null;
    }

    public int IndexOf(long skuId) => Lines.Select(l => l.SkuId).ToList().IndexOf(skuId);
}
