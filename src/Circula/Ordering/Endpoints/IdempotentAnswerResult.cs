using Microsoft.AspNetCore.Http;

namespace Circula.Ordering.Endpoints;

/// <summary>
/// Writes a placement's answer exactly as its key keeps it, so the first answer and every replay are the same bytes; a
/// replay says so in <c>Idempotent-Replayed</c>.
/// </summary>
public sealed class IdempotentAnswerResult(Placement placement) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var answer = placement.Answer;
        httpContext.Response.StatusCode = answer.StatusCode;
        if (placement.Replayed)
        {
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (answer.Location is not null)
        {
            httpContext.Response.Headers.Location = answer.Location;
        }

        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(answer.Body, httpContext.RequestAborted);
    }
}
