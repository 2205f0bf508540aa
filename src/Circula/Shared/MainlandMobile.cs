using System.Text.RegularExpressions;

namespace Circula.Shared;

/// <summary>Mainland China mobile numbers: 11 digits starting 13..19, without country code or separators.</summary>
public static partial class MainlandMobile
{
    public static bool IsValid(string? phone) => phone is not null && Pattern().IsMatch(phone);

    public static void Check(this FieldErrors errors, string field, string? phone)
    {
        if (!IsValid(phone))
        {
            errors.Add(field, "must be a mainland mobile number of 11 digits, e.g. 13812345678.");
        }
    }

    [GeneratedRegex(@"^1[3-9]\d{9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>The field rules of a mainland delivery or pick-up address, shared by saved addresses and orders.</summary>
public static class PostalAddressRules
{
    public static void CheckAddress(this FieldErrors errors, string prefix, string? name, string? phone, string? province, string? city,
        string? district, string? detail)
    {
        errors.Required(prefix + "name", name, 32, TextKind.Name);
        errors.Check(prefix + "phone", phone);
        errors.Required(prefix + "province", province, 32, TextKind.Name);
        errors.Required(prefix + "city", city, 32, TextKind.Name);
        errors.Required(prefix + "district", district, 32, TextKind.Name);
        errors.Required(prefix + "detail", detail, 200);
    }
}
