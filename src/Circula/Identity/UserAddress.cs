using Circula.Shared;

namespace Circula.Identity;

/// <summary>
/// A delivery or pick-up address of one user. Name, phone and street detail are PII and stored only encrypted;
/// the region (province/city/district) stays plain for routing and statistics. Orders copy what they need.
/// An address is never edited: only whether it is the user's default changes, through <see cref="UserAddressBook"/>.
/// </summary>
public sealed class UserAddress
{
    private UserAddress()
    {
    }

    public long Id { get; private set; }

    public long UserId { get; init; }

    public required string NameCipher { get; init; }

    public required string PhoneCipher { get; init; }

    public required string Province { get; init; }

    public required string City { get; init; }

    public required string District { get; init; }

    public required string DetailCipher { get; init; }

    public bool IsDefault { get; private set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>The request's address for <paramref name="userId"/>, its PII encrypted and its text trimmed.</summary>
    public static UserAddress Create(long userId, AddressRequest address, bool isDefault, PiiProtector pii, DateTime now) => new()
    {
        UserId = userId,
        NameCipher = pii.Encrypt(address.Name.Trim()),
        PhoneCipher = pii.Encrypt(address.Phone),
        Province = address.Province.Trim(),
        City = address.City.Trim(),
        District = address.District.Trim(),
        DetailCipher = pii.Encrypt(address.Detail.Trim()),
        IsDefault = isDefault,
        CreatedAt = now,
    };
}
