using Circula.Identity.Contracts;
using Circula.Shared;
using Microsoft.Extensions.Options;

namespace Circula.Identity;

/// <summary>Bound from <c>Circula:Jwt</c>.</summary>
public sealed class JwtOptions
{
    public const string Section = "Circula:Jwt";

    public string Issuer { get; set; } = "circula";

    public string Audience { get; set; } = "circula";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes. Generated under ./data in Development; required elsewhere.</summary>
    public string? SigningKey { get; set; }

    public int AccessTokenMinutes { get; set; } = 15;

    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>How often each replica asks the database which users' roles or sign-ins changed; a change is in force within about this long.</summary>
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

internal sealed class JwtOptionsValidator : IValidateOptions<JwtOptions>
{
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        var failures = new List<string>();
        if (DevelopmentSecrets.CheckBase64Key(options.SigningKey, "Jwt:SigningKey") is { } keyProblem)
        {
            failures.Add(keyProblem);
        }

        if (options.AccessTokenMinutes is < 1 or > 1440)
        {
            failures.Add("Circula:Jwt:AccessTokenMinutes must be between 1 and 1440.");
        }

        if (options.RefreshTokenDays is < 1 or > 365)
        {
            failures.Add("Circula:Jwt:RefreshTokenDays must be between 1 and 365.");
        }

        // Revocation is promised within a second; a slower check would break that promise.
        if (options.RevocationCheckInterval < TimeSpan.FromMilliseconds(50) || options.RevocationCheckInterval > TimeSpan.FromSeconds(1))
        {
            failures.Add("Circula:Jwt:RevocationCheckInterval must be between 00:00:00.050 and 00:00:01.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
