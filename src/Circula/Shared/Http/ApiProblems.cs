using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Mvc;

namespace Circula.Shared.Http;

/// <summary>Typed ProblemDetails results for expected failures; the trace id is added centrally.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string what) =>
        Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Not found", $"{what} was not found.");

    public static ProblemHttpResult Conflict(string code, string detail) =>
        Create(StatusCodes.Status409Conflict, code, "Conflict", detail);

    public static ProblemHttpResult Unauthorized(string code, string detail) =>
        Create(StatusCodes.Status401Unauthorized, code, "Unauthorized", detail);

    public static ProblemHttpResult Forbidden(string code, string detail) =>
        Create(StatusCodes.Status403Forbidden, code, "Forbidden", detail);

    /// <summary>A service we depend on (WeChat, a payment provider) failed or did not answer in time.</summary>
    public static ProblemHttpResult BadGateway(string code, string detail) =>
        Create(StatusCodes.Status502BadGateway, code, "Upstream service unavailable", detail);

    public static ProblemHttpResult Unprocessable(string code, string detail, IDictionary<string, string[]>? errors = null) =>
        Create(StatusCodes.Status422UnprocessableEntity, code, "Unprocessable request", detail, errors);

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationFailed, "Validation failed",
            "One or more fields are invalid.", errors);

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Create(int status, string code, string title, string detail,
        IDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (errors is not null)
        {
            problem.Extensions["errors"] = errors;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>The one mapping from a domain refusal to HTTP: its kind decides the status, its code, fields and extensions pass through.</summary>
    public static ProblemHttpResult ToProblem(this DomainError error)
    {
        var (status, title) = error.Kind switch
        {
            ErrorKind.Invalid => (StatusCodes.Status422UnprocessableEntity, error.Code == ErrorCodes.ValidationFailed ? "Validation failed" : "Unprocessable request"),
            ErrorKind.Unauthorized => (StatusCodes.Status401Unauthorized, "Unauthorized"),
            ErrorKind.Forbidden => (StatusCodes.Status403Forbidden, "Forbidden"),
            ErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            ErrorKind.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            ErrorKind.Stale => (StatusCodes.Status412PreconditionFailed, "Precondition failed"),
            ErrorKind.RateLimited => (StatusCodes.Status429TooManyRequests, "Too many requests"),
            ErrorKind.Upstream => (StatusCodes.Status502BadGateway, "Upstream service unavailable"),
            ErrorKind.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown error kind."),
        };
        var problem = Create(status, error.Code, title, error.Detail, error.Fields?.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
        foreach (var (name, value) in error.Extensions ?? new Dictionary<string, object>())
        {
            problem.ProblemDetails.Extensions[name] = value;
        }

        return problem;
    }

    /// <summary>200 with the view of the value, or the refusal as ProblemDetails.</summary>
    public static Results<Ok<TView>, ProblemHttpResult> ToOk<T, TView>(this Result<T> result, Func<T, TView> view) =>
        result.IsSuccess ? TypedResults.Ok(view(result.Value)) : result.Error.ToProblem();

    /// <summary>204 when the operation was done, or the refusal as ProblemDetails.</summary>
    public static Results<NoContent, ProblemHttpResult> ToNoContent<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
}
