namespace Circula.Shared;

/// <summary>Stable, machine-readable error codes carried in every ProblemDetails response as <c>code</c>.</summary>
public static class ErrorCodes
{
    public const string MalformedRequest = "malformed_request";
    public const string ValidationFailed = "validation_failed";
    public const string NotFound = "not_found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string Conflict = "conflict";
    public const string ConcurrencyConflict = "concurrency_conflict";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string IdsUnavailable = "ids_unavailable";
    public const string UpstreamUnavailable = "upstream_unavailable";
    public const string ServiceUnavailable = "service_unavailable";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The code a response gets when its handler did not name a more specific one.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => ValidationFailed,
        429 => RateLimited,
        502 => UpstreamUnavailable,
        503 => ServiceUnavailable,
        _ when status >= 500 => InternalError,
        _ => "error",
    };
}
