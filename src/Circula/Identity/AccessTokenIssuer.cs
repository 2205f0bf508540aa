using System.Globalization;
using Circula.Identity.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Circula.Identity;

/// <summary>
/// Creates short-lived HS256 access tokens and the parameters that validate them. A token names its user and sign-in;
/// the roles it carries are for clients to read, while the server acts on the user's current ones (<see cref="LiveSessions"/>).
/// </summary>
public sealed class AccessTokenIssuer(IOptions<JwtOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public SymmetricSecurityKey Key { get; } = new(Convert.FromBase64String(options.Value.SigningKey!));

    public int LifetimeSeconds => options.Value.AccessTokenMinutes * 60;

    public string Issue(User user, string sessionId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(LifetimeSeconds),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [ClaimNames.Subject] = user.Id.ToString(CultureInfo.InvariantCulture),
                [ClaimNames.Name] = user.DisplayName,
                [ClaimNames.Role] = user.Roles.ToArray(),
                [ClaimNames.Session] = sessionId,
            },
        });
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        NameClaimType = ClaimNames.Name,
        RoleClaimType = ClaimNames.Role,
        // Lifetime is checked against the injected clock so tests can move time.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var skew = TimeSpan.FromSeconds(30);
            return expires is { } e && now <= e.ToUniversalTime() + skew && (notBefore is not { } nb || now + skew >= nb.ToUniversalTime());
        },
    };
}
