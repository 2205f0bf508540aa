using Circula.Identity.Contracts;

namespace Circula.Identity;

/// <summary>
/// A delivery or pick-up address of one user. Name, phone and street detail are PII and stored only encrypted;
/// the region (province/city/district) stays plain for routing and statistics. Orders copy what they need.
/// </summary>
public sealed class UserAddress
{
    public long Id { get; set; }

    public long UserId { get; set; }

    public required string NameCipher { get; set; }

    public required string PhoneCipher { get; set; }

    public required string Province { get; set; }

    public required string City { get; set; }

    public required string District { get; set; }

    public required string DetailCipher { get; set; }

    public bool IsDefault { get; set; }

    public DateTime CreatedAt { get; set; }
}
