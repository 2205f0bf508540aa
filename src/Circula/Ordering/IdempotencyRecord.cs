namespace Circula.Ordering;

/// <summary>The first answer to a request with an Idempotency-Key, as its edge gave it, kept to be replayed byte for byte.</summary>
public sealed record IdempotentAnswer(int StatusCode, string? Location, string Body);

/// <summary>
/// A user's Idempotency-Key, claimed by the first request that carries it; the answer that request gave is recorded on the
/// claim, in the same transaction, so that the claim is never seen without it.
/// </summary>
public sealed class IdempotencyRecord
{
    private IdempotencyRecord()
    {
    }

    public long UserId { get; private init; }

    public string Key { get; private init; } = "";

    /// <summary>SHA-256 of the endpoint and the request body: the same key with another body is refused.</summary>
    public string RequestHash { get; private init; } = "";

    public int StatusCode { get; private set; }

    public string? ResponseBody { get; private set; }

    public string? Location { get; private set; }

    public DateTime CreatedAt { get; private init; }

    public DateTime ExpiresAt { get; private init; }

    /// <summary>The recorded answer; null while the claiming request has not answered.</summary>
    public IdempotentAnswer? Answer => StatusCode == 0 ? null : new IdempotentAnswer(StatusCode, Location, ResponseBody ?? "");

    public static IdempotencyRecord Claim(long userId, string key, string requestHash, DateTime now, TimeSpan lifetime) => new()
    {
        UserId = userId, Key = key, RequestHash = requestHash, CreatedAt = now, ExpiresAt = now + lifetime,
    };

    /// <summary>Records the claiming request's answer; a key answers once.</summary>
    public void Record(IdempotentAnswer answer)
    {
        if (StatusCode != 0)
        {
            throw new InvalidOperationException($"Idempotency-Key {Key} of user {UserId} already has its answer.");
        }

        StatusCode = answer.StatusCode;
        Location = answer.Location;
        ResponseBody = answer.Body;
    }
}
