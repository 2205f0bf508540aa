using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Identity.Endpoints;

/// <summary>Operator and admin sign-in with a password (<see cref="PasswordSignIn"/>).</summary>
public static class PasswordLogin
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(LoginRequest request, PasswordSignIn signIn, CancellationToken ct) =>
        (await signIn.SignInAsync(request, ct)).ToOk(tokens => tokens);
}
