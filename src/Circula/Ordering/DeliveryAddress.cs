using System.Text.Json;
using System.Text.Json.Serialization;
using Circula.Shared;

namespace Circula.Ordering;

/// <summary>Where the order goes, as the customer typed it; stored encrypted with the order.</summary>
public sealed record DeliveryAddress(string Name, string Phone, string Province, string City, string District, string Detail)
{
    public void Validate(FieldErrors errors, string prefix) => errors.CheckAddress(prefix, Name, Phone, Province, City, District, Detail);

    /// <summary>An order request's <c>address</c>: required, and valid.</summary>
    public static void CheckRequired(FieldErrors errors, DeliveryAddress? address)
    {
        if (address is null)
        {
            errors.Add("address", "is required.");
        }
        else
        {
            address.Validate(errors, "address.");
        }
    }

    [JsonIgnore]
    public string Region => $"{Province} {City} {District}";

    public DeliveryAddress Masked() => this with { Phone = PiiMask.Phone(Phone), Detail = PiiMask.Detail(Detail), Name = PiiMask.Detail(Name) };

    public string Encrypt(PiiProtector pii) => pii.Encrypt(JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    public static DeliveryAddress Decrypt(PiiProtector pii, string cipher) =>
        JsonSerializer.Deserialize<DeliveryAddress>(pii.Decrypt(cipher), JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException("An order address decrypted to nothing.");
}
