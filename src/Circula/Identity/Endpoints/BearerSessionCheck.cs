using System.Globalization;
using System.Security.Claims;
using Circula.Identity.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace Circula.Identity.Endpoints;

/// <summary>
/// Runs after the bearer handler checked a token's signature and lifetime: the token's sign-in must still be live and
/// its user enabled (<see cref="LiveSessions"/>), else the request is 401 <c>invalid_token</c>; and the request acts with
/// the user's current roles, not those the token was issued with, so a demotion answers 403 at once.
/// </summary>
public static class BearerSessionCheck
{
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var sessionId = principal.FindFirstValue(ClaimNames.Session);
        if (sessionId is null || !long.TryParse(principal.FindFirstValue(ClaimNames.Subject), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            context.Fail("The access token names no user or sign-in.");
            return;
        }

        var sessions = context.HttpContext.RequestServices.GetRequiredService<LiveSessions>();
        if (await sessions.FindAsync(userId, sessionId, context.HttpContext.RequestAborted) is not { } grant)
        {
            context.Fail("The sign-in of this access token has ended.");
            return;
        }

        context.Principal = grant.ApplyTo(principal);
    }
}
