using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Payments;
using Circula.Shared.OpenApi;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace Circula.Server;

/// <summary>Cross-cutting HTTP concerns: errors as ProblemDetails and health (OpenAPI: <see cref="ApiDocuments"/>).</summary>
internal static class HostDefaults
{
    public static IServiceCollection AddCirculaProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            // A refusal that says when to try again says it in the header too, where HTTP clients look for it.
            if (problem.Extensions.TryGetValue(DomainError.RetryAfterMember, out var seconds) && seconds is int retryAfter)
            {
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            }

            problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode));
            ProblemLanguage.Translate(context.HttpContext, problem);
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            // ASP.NET Core has no default type for 429; every other status we answer has one.
            if (problem.Status == StatusCodes.Status429TooManyRequests)
            {
                problem.Type ??= "https://www.rfc-editor.org/rfc/rfc6585#section-4";
            }

            problem.Instance ??= context.HttpContext.Request.Path;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary><c>Circula:Api:Docs</c>: serve /openapi and /docs (on in Development, off by default elsewhere).</summary>
    public static bool ServesApiDocs(this IConfiguration configuration) => configuration.GetValue("Circula:Api:Docs", false);

    public static void MapCirculaHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealthAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        });
}

/// <summary>
/// Readiness: the database answers a statement, and no request or worker has found it unavailable in the last
/// <see cref="DatabaseOutage.QuietPeriod"/> (a SQLite file locked for writes still answers reads).
/// </summary>
internal sealed class DatabaseHealthCheck(CirculaDbContext db, DatabaseOutage outage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        }
        catch (Exception e) when (outage.Report(e))
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }

        return outage.IsDown ? HealthCheckResult.Unhealthy("The database was unavailable moments ago.") : HealthCheckResult.Healthy();
    }
}

/// <summary>
/// Turns exceptions into ProblemDetails: bad request bodies are 400, lost races 409, an unavailable database 503 (logged once
/// per outage by <see cref="DatabaseOutage"/>), the rest 500 without internals.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, DatabaseOutage outage, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var unavailable = outage.Report(exception);
        var (status, code, title, detail) = exception switch
        {
            _ when unavailable =>
                (503, ErrorCodes.ServiceUnavailable, "Service unavailable", "The database is unavailable or overloaded; retry after the number of seconds in Retry-After."),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, ErrorCodes.MalformedRequest, "Malformed request", $"The request body is not valid JSON for this endpoint{PathOf(json)}."),
            BadHttpRequestException bad =>
                (bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), "Bad request", bad.Message),
            DbUpdateConcurrencyException =>
                (409, ErrorCodes.ConcurrencyConflict, "Conflict", "The resource was changed by another request; reload and retry."),
            Circula.Shared.Ids.NoWorkerIdException or Circula.Shared.Ids.ClockMovedBackwardsException =>
                (503, ErrorCodes.IdsUnavailable, "Service unavailable", "This server cannot issue ids right now (no worker id lease or the clock stepped back); retry shortly."),
            _ => (500, ErrorCodes.InternalError, "Internal error", "An unexpected error occurred; quote the traceId when reporting it."),
        };
        if (status == 503)
        {
            httpContext.Response.Headers.RetryAfter = unavailable ? ((int)DatabaseOutage.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "1";
        }

        if (status >= 500 && !unavailable)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (exception is BadHttpRequestException { InnerException: JsonException { Path: { } path } })
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [path] = ["has the wrong type or is not valid JSON."] };
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string PathOf(JsonException json) => json.Path is { Length: > 0 } path ? $" (at {path})" : "";
}
