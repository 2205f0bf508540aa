using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Circula.Identity.Endpoints;

/// <summary>Mini-program sign-in with a wx.login() code (<see cref="WeChatSignIn"/>).</summary>
public static class WeChatLogin
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(WeChatLoginRequest request, WeChatSignIn signIn, CancellationToken ct) =>
        (await signIn.SignInAsync(request, ct)).ToOk(tokens => tokens);
}
