using System.Text.Json;
using Circula.Shared;
using Circula.Shared.Geo;

namespace Circula.Recycling.Appointments;

/// <summary>Where to pick up: the mainland address as typed, and its point (GCJ-02 degrees, as <c>wx.getLocation</c> gives it).</summary>
public sealed record PickupAddress(string? Province, string? City, string? District, string? Detail, double? Latitude, double? Longitude)
{
    public void Validate(FieldErrors errors)
    {
        errors.Required("province", Province, 32, TextKind.Name);
        errors.Required("city", City, 32, TextKind.Name);
        errors.Required("district", District, 32, TextKind.Name);
        errors.Required("detail", Detail, 200);
        errors.Coordinates("latitude", Latitude, "longitude", Longitude);
    }
}

/// <summary>The personal part of an appointment, kept encrypted in one column: who to meet, their phone, the address.</summary>
public sealed record PickupContact(string Name, string Phone, PickupAddress Address)
{
    public string Encrypt(PiiProtector pii) => pii.Encrypt(JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    public static PickupContact Decrypt(PiiProtector pii, string cipher) =>
        JsonSerializer.Deserialize<PickupContact>(pii.Decrypt(cipher), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("An appointment's contact decrypted to nothing.");

    /// <summary>For lists, operators and logs: the phone as 138****5678, the name and street detail shortened.</summary>
    public PickupContact Masked() =>
        new(PiiMask.Detail(Name), PiiMask.Phone(Phone), Address with { Detail = PiiMask.Detail(Address.Detail) });
}
