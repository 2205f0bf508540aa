using System.Globalization;
using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Circula.Identity.Endpoints;

/// <summary>
/// Runs after the bearer handler checked a token's signature and lifetime: the token's sign-in must still be live and
/// its user enabled (<see cref="LiveSessions"/>), else the request is 401 <c>invalid_token</c>; and the request acts with
/// the user's current roles, not those the token was issued with, so a demotion answers 403 at once. The bearer handler
/// resolves it per request (<c>JwtBearerOptions.EventsType</c>), so its dependencies are injected.
/// </summary>
public sealed class BearerSessionCheck(LiveSessions sessions, DatabaseOutage outage) : JwtBearerEvents
{
    private const string DatabaseDownKey = "circula.session-check.database-down";

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var sessionId = principal.FindFirstValue(ClaimNames.Session);
        if (sessionId is null || !long.TryParse(principal.FindFirstValue(ClaimNames.Subject), NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
        {
            context.Fail("The access token names no user or sign-in.");
            return;
        }

        SessionGrant? grant;
        try
        {
            grant = await sessions.FindAsync(userId, sessionId, context.HttpContext.RequestAborted);
        }
        catch (Exception e) when (outage.Report(e))
        {
            // Thrown out of this event, the bearer handler would log every request's failure; the challenge answers 503.
            context.HttpContext.Items[DatabaseDownKey] = true;
            context.Fail("The database is unavailable.");
            return;
        }

        if (grant is null)
        {
            context.Fail("The sign-in of this access token has ended.");
            return;
        }

        context.Principal = grant.ApplyTo(principal);
    }

    public override Task Challenge(JwtBearerChallengeContext context) =>
        context.HttpContext.Items.ContainsKey(DatabaseDownKey) ? BearerChallenge.WriteUnavailableAsync(context) : BearerChallenge.WriteAsync(context);
}
