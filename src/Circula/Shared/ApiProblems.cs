using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Circula.Shared;

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
}
