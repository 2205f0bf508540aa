using System.Globalization;

namespace Circula.Shared;

/// <summary>Masked forms of personal data for lists, admin screens and logs; never reversible.</summary>
public static class PiiMask
{
    private const string Stars = "****";

    /// <summary>"13812345678" becomes "138****5678"; anything too short to keep parts of is fully masked.</summary>
    public static string Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return "";
        }

        return phone.Length >= 8 ? string.Concat(phone.AsSpan(0, 3), Stars, phone.AsSpan(phone.Length - 4)) : Stars;
    }

    /// <summary>Keeps the first two or three characters ("朝阳区****"): enough to recognise, too little to find the door.</summary>
    public static string Detail(string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return "";
        }

        // Text elements, so an emoji or other surrogate pair is never cut in half.
        var info = new StringInfo(detail.Trim());
        var keep = Math.Min(3, info.LengthInTextElements / 2);
        return keep == 0 ? Stars : info.SubstringByTextElements(0, keep) + Stars;
    }

    /// <summary>Keeps the first character ("小****"): strangers can tell sellers apart without learning who they are.</summary>
    public static string Nickname(string? name)
    {
        var info = new StringInfo((name ?? "").Trim());
        return info.LengthInTextElements == 0 ? Stars : info.SubstringByTextElements(0, 1) + Stars;
    }
}
