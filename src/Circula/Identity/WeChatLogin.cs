using System.Security.Cryptography;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

public sealed record WeChatLoginRequest(string Code) : IValidatable
{
    public const int MaxCodeLength = 128;

    public void Validate(FieldErrors errors)
    {
        errors.Required("code", Code, MaxCodeLength);
        if (!string.IsNullOrEmpty(Code) && Code.Length <= MaxCodeLength && !IsWellFormedCode(Code))
        {
            errors.Add("code", "must consist of printable ASCII characters.");
        }
    }

    public static bool IsWellFormedCode(string code) =>
        code.Length is > 0 and <= MaxCodeLength && code.All(c => c is >= '!' and <= '~');
}

/// <summary>Mini-program sign-in: the wx.login() code is exchanged for the user's openid; new users become customers.</summary>
public static class WeChatLogin
{
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Handle(
        WeChatLoginRequest request, WeChatClient wechat, CirculaDbContext db, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var session = await wechat.Code2SessionAsync(request.Code, ct);
        switch (session.Failure)
        {
            case WeChatFailure.InvalidCode:
                return ApiProblems.Unauthorized("wechat_code_invalid", "WeChat rejected the login code; call wx.login() again for a new one.");
            case WeChatFailure.Unavailable:
                return ApiProblems.BadGateway("wechat_unavailable", "WeChat could not be reached or answered with an error; retry shortly.");
        }

        var user = await FindOrCreateAsync(db, session.OpenId!, session.UnionId, clock, ct);
        if (user.IsDisabled)
        {
            return ApiProblems.Forbidden("account_disabled", "This account is disabled.");
        }

        return TypedResults.Ok(await tokens.IssueAsync(user, familyId: null, ct));
    }

    private static async Task<User> FindOrCreateAsync(CirculaDbContext db, string openId, string? unionId, TimeProvider clock, CancellationToken ct)
    {
        var user = await FindAsync(db, openId, unionId, ct);
        if (user is not null)
        {
            // Keep what WeChat newly tells us (unionid appears once the app is bound to an open-platform account).
            user.WeChatOpenId ??= openId;
            user.WeChatUnionId ??= unionId;
            return user;
        }

        user = new User
        {
            DisplayName = "微信用户" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)),
            Roles = [Roles.Customer],
            WeChatOpenId = openId,
            WeChatUnionId = unionId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<User>().Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
            return user;
        }
        catch (DbUpdateException)
        {
            // A parallel first login with the same openid inserted first (unique wechat_openid): use that user.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(db, openId, unionId, ct);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }

    private static async Task<User?> FindAsync(CirculaDbContext db, string openId, string? unionId, CancellationToken ct) =>
        await db.Set<User>().FirstOrDefaultAsync(u => u.WeChatOpenId == openId, ct)
        ?? (unionId is null ? null : await db.Set<User>().OrderBy(u => u.Id).FirstOrDefaultAsync(u => u.WeChatUnionId == unionId, ct));
}
