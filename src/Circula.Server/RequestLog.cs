using System.Diagnostics;

namespace Circula.Server;

/// <summary>
/// One log line per request, after it is answered: method, route template (what dashboards group by; the raw path is
/// in the host's scope), status and duration, inside the request's trace scope so the line carries its trace and span
/// ids. Health probes and scrapes are logged at Debug: load balancers call them every few seconds.
/// </summary>
internal static partial class RequestLog
{
    /// <summary>The category operators turn up or down (Logging:LogLevel:Circula.Requests).</summary>
    public const string Category = "Circula.Requests";

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                Write(logger, context, Stopwatch.GetElapsedTime(started));
            }
        });
    }

    private static void Write(ILogger logger, HttpContext context, TimeSpan elapsed)
    {
        var status = context.Response.StatusCode;
        var level = status >= 500 ? LogLevel.Warning : IsProbe(context.Request.Path) ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level))
        {
            return;
        }

        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        Answered(logger, level, context.Request.Method, route, status, Math.Round(elapsed.TotalMilliseconds, 2));
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.Ordinal) || path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    [LoggerMessage(EventId = 1, Message = "{Method} {Route} answered {StatusCode} in {DurationMs} ms")]
    private static partial void Answered(ILogger logger, LogLevel level, string method, string route, int statusCode, double durationMs);
}
