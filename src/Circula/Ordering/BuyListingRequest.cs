using Circula.Shared;

namespace Circula.Ordering;

/// <summary>What a buyer of a marketplace listing sends: where it goes and a remark for the seller (the listing gives the item and price).</summary>
public sealed record BuyListingRequest(DeliveryAddress Address, string? Remark) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        DeliveryAddress.CheckRequired(errors, Address);
        errors.Optional("remark", Remark, 200, TextKind.MultiLine);
    }
}
