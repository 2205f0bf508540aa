namespace Circula.Shared.Results;

/// <summary>What kind of refusal a <see cref="DomainError"/> is; the HTTP edge maps each kind to one status code.</summary>
public enum ErrorKind
{
    /// <summary>Well-formed input with values the rules refuse (422).</summary>
    Invalid,

    /// <summary>No or a bad credential (401).</summary>
    Unauthorized,

    /// <summary>Signed in, but not allowed (403).</summary>
    Forbidden,

    /// <summary>Unknown, or another user's (404).</summary>
    NotFound,

    /// <summary>The resource's state does not allow it now (409).</summary>
    Conflict,

    /// <summary>The write was conditional on a version of the resource that is no longer current (412).</summary>
    Stale,

    /// <summary>Too many attempts (429).</summary>
    RateLimited,

    /// <summary>A service we call refused or failed (502).</summary>
    Upstream,

    /// <summary>We cannot serve it right now; retry later (503).</summary>
    Unavailable,
}

/// <summary>
/// A typed refusal from domain code: a kind, a stable machine-readable <see cref="Code"/> (the ProblemDetails <c>code</c>),
/// a human <see cref="Detail"/>, field errors keyed by JSON path where they apply, and <see cref="Extensions"/>: other
/// members a client reads from this refusal by name (insufficient_stock's <c>skuId</c> and <c>available</c>). Domain code
/// never names HTTP.
/// </summary>
public sealed record DomainError(
    ErrorKind Kind, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Fields = null, IReadOnlyDictionary<string, object>? Extensions = null)
{
    /// <summary>The member of a <see cref="ErrorKind.RateLimited"/> refusal that says in how many seconds to try again (also sent as <c>Retry-After</c>).</summary>
    public const string RetryAfterMember = "retryAfter";

    public static DomainError NotFound(string what) => new(ErrorKind.NotFound, ErrorCodes.NotFound, $"{what} was not found.");

    public static DomainError Conflict(string code, string detail) => new(ErrorKind.Conflict, code, detail);

    public static DomainError Stale(string detail) => new(ErrorKind.Stale, ErrorCodes.ConcurrencyConflict, detail);

    public static DomainError Invalid(string code, string detail, IReadOnlyDictionary<string, string[]>? fields = null) =>
        new(ErrorKind.Invalid, code, detail, fields);

    public static DomainError Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, ErrorCodes.ValidationFailed, "One or more fields are invalid.", fields);

    public static DomainError Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public static DomainError Forbidden(string code, string detail) => new(ErrorKind.Forbidden, code, detail);

    public static DomainError Unauthorized(string code, string detail) => new(ErrorKind.Unauthorized, code, detail);

    /// <summary>Too many attempts; <paramref name="retryAfter"/> (rounded up to whole seconds, at least one) says when to try again.</summary>
    public static DomainError RateLimited(string code, string detail, TimeSpan retryAfter) =>
        new(ErrorKind.RateLimited, code, detail, Extensions: new Dictionary<string, object>
        {
            [RetryAfterMember] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)),
        });

    public static DomainError Upstream(string code, string detail) => new(ErrorKind.Upstream, code, detail);

    public static DomainError Unavailable(string code, string detail) => new(ErrorKind.Unavailable, code, detail);
}
