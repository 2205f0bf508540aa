using Circula.Data;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;

namespace Circula.Identity.Endpoints;

/// <summary>The answer of the JWT bearer handler when a request needs a sign-in it does not carry.</summary>
public static class BearerChallenge
{
    /// <summary>Answers 401 as ProblemDetails: <c>invalid_token</c> when a token was sent but rejected, <c>unauthorized</c> when none was.</summary>
    public static async Task WriteAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var invalid = context.AuthenticateFailure is not null;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = invalid ? "Bearer error=\"invalid_token\"" : "Bearer";
        var problem = ApiProblems.Create(StatusCodes.Status401Unauthorized, invalid ? "invalid_token" : ErrorCodes.Unauthorized,
            "Unauthorized", invalid ? "The access token is invalid or expired, or its sign-in has ended; refresh it or sign in again." : "Sign in and send the access token as 'Authorization: Bearer <token>'.");
        await problem.ExecuteAsync(context.HttpContext);
    }

    /// <summary>Answers 503 <c>service_unavailable</c> with Retry-After when the sign-in could not be checked for want of the database.</summary>
    public static async Task WriteUnavailableAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.Headers.RetryAfter = ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ApiProblems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "Service unavailable",
            "The database is unavailable or overloaded; retry after the number of seconds in Retry-After.").ExecuteAsync(context.HttpContext);
    }
}
