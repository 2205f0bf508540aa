using System.Globalization;
using System.Security.Claims;

namespace Circula.Identity.Contracts;

/// <summary>Short JWT claim names, kept as they are in the principal (inbound claim mapping is off).</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>The sign-in (refresh-token family) an access token belongs to; ending it ends the token too.</summary>
    public const string Session = "sid";

    /// <summary>The signed-in user's id; only call on endpoints that require authorization.</summary>
    public static long UserId(this ClaimsPrincipal principal) =>
        long.Parse(principal.FindFirstValue(Subject) ?? throw new InvalidOperationException("The principal has no subject."), CultureInfo.InvariantCulture);
}
