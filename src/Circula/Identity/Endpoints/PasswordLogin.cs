using Circula.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Identity.Endpoints;

/// <summary>Operator and admin sign-in with a password (<see cref="PasswordSignIn"/>), throttled per client address and account.</summary>
public static class PasswordLogin
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(LoginRequest request, HttpContext http, PasswordSignIn signIn, CancellationToken ct) =>
        (await signIn.SignInAsync(request, ClientAddress.Of(http), ct)).ToOk(tokens => tokens);
}
