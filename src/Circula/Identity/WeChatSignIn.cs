using System.Security.Cryptography;
using Circula.Data;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

/// <summary>Mini-program sign-in: the wx.login() code is exchanged for the user's openid; new users become customers.</summary>
public sealed class WeChatSignIn(WeChatClient wechat, CirculaDbContext db, TokenService tokens, TimeProvider clock)
{
    public async Task<Result<TokenResponse>> SignInAsync(WeChatLoginRequest request, CancellationToken ct)
    {
        var session = await wechat.Code2SessionAsync(request.Code, ct);
        switch (session.Failure)
        {
            case WeChatFailure.InvalidCode:
                return DomainError.Unauthorized("wechat_code_invalid", "WeChat rejected the login code; call wx.login() again for a new one.");
            case WeChatFailure.Unavailable:
                return DomainError.Upstream("wechat_unavailable", "WeChat could not be reached or answered with an error; retry shortly.");
        }

        var user = await FindOrCreateAsync(session.OpenId!, session.UnionId, ct);
        if (user.IsDisabled)
        {
            return IdentityErrors.AccountDisabled();
        }

        return await tokens.IssueAsync(user, familyId: null, ct);
    }

    private async Task<User> FindOrCreateAsync(string openId, string? unionId, CancellationToken ct)
    {
        var user = await FindAsync(openId, unionId, ct);
        if (user is not null)
        {
            user.LinkWeChat(openId, unionId);
            return user;
        }

        user = User.WeChatCustomer("微信用户" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2)), openId, unionId, clock.GetUtcNow().UtcDateTime);
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
            var winner = await FindAsync(openId, unionId, ct);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }

    private async Task<User?> FindAsync(string openId, string? unionId, CancellationToken ct) =>
        await db.Set<User>().FirstOrDefaultAsync(u => u.WeChatOpenId == openId, ct)
        ?? (unionId is null ? null : await db.Set<User>().OrderBy(u => u.Id).FirstOrDefaultAsync(u => u.WeChatUnionId == unionId, ct));
}
