using System.Net;
using System.Security.Cryptography;
using Circula.Identity.Contracts;
using Circula.Identity;
using Circula.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Circula.Tests.Identity;

public abstract class AccessTokenTests<TServer>(TServer server) : IClassFixture<TServer> where TServer : CirculaServer
{
    private async Task<HttpResponseMessage> GetMeWithAsync(string token) => await server.CreateClient(token).GetAsync("/api/v1/me");

    [Fact]
    public async Task A_valid_token_is_accepted_and_no_token_is_401_unauthorized()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        await (await GetMeWithAsync(user.Tokens.AccessToken)).ShouldBe(HttpStatusCode.OK);
        await (await server.Client.GetAsync("/api/v1/me")).ShouldBeProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_expired_token_is_401_invalid_token()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        await server.AdvanceClockAsync(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(31));
        await (await GetMeWithAsync(user.Tokens.AccessToken)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_is_401()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var parts = user.Tokens.AccessToken.Split('.');
        var payload = JwtParts.Decode(parts[1]).Replace("\"customer\"", "\"admin\"", StringComparison.Ordinal);
        Assert.Contains("\"admin\"", payload, StringComparison.Ordinal);
        var forged = $"{parts[0]}.{JwtParts.Encode(payload)}.{parts[2]}";

        await (await server.CreateClient(forged).GetAsync("/api/v1/admin/users")).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var header = JwtParts.Encode("""{"alg":"none","typ":"JWT"}""");
        var token = $"{header}.{user.Tokens.AccessToken.Split('.')[1]}.";

        await (await GetMeWithAsync(token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var user = await server.CreateUserAsync(Roles.Customer);
        var now = server.Clock.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "circula",
            Audience = "circula",
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(15),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { ["sub"] = user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["role"] = new[] { "admin" } },
        });

        await (await GetMeWithAsync(token)).ShouldBeProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }
}

public sealed class AccessTokenTestsOnSqlite(SqliteServer server) : AccessTokenTests<SqliteServer>(server);

public sealed class AccessTokenTestsOnPostgres(PostgresServer server) : AccessTokenTests<PostgresServer>(server);
