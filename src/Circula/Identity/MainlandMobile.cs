using System.Text.RegularExpressions;
using Circula.Shared;

namespace Circula.Identity;

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

    [GeneratedRegex(@"^1[3-9]\d{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
