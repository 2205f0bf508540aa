using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;

namespace Circula.Identity.Endpoints;

/// <summary>Refresh (each refresh token works once, <see cref="TokenRotation"/>) and logout.</summary>
public static class TokenRefresh
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(RefreshTokenRequest request, TokenRotation rotation, CancellationToken ct) =>
        (await rotation.RefreshAsync(request, ct)).ToOk(tokens => tokens);

    /// <summary>Always 204, so the answer tells nothing about the token.</summary>
    public static async Task<NoContent> Logout(RefreshTokenRequest request, TokenRotation rotation, CancellationToken ct)
    {
        await rotation.LogoutAsync(request, ct);
        return TypedResults.NoContent();
    }
}
