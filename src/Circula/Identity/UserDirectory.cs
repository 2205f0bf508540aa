using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

internal sealed class UserDirectory(CirculaDbContext db, PiiProtector pii) : IUserDirectory
{
    public async Task<IReadOnlyList<UserId>> FindByPhoneAsync(string phone, CancellationToken ct)
    {
        var hash = pii.Hash(phone);
        var ids = await db.Set<User>().AsNoTracking().Where(u => u.PhoneHash == hash).Select(u => u.Id).ToListAsync(ct);
        return ids.Select(UserId.From).ToList();
    }

    public async Task<IReadOnlyList<string>?> RolesOfAsync(UserId user, CancellationToken ct) =>
        (await db.Set<User>().AsNoTracking().Where(u => u.Id == user.Value).Select(u => u.Roles).ToListAsync(ct)).FirstOrDefault();

    public Task<bool> IsVerifiedAsync(UserId user, CancellationToken ct) =>
        db.Set<User>().AsNoTracking().AnyAsync(u => u.Id == user.Value && !u.IsDisabled && (u.PhoneHash != null || u.WeChatOpenId != null), ct);

    public async Task<UserId?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        var normalized = User.NormalizeUsername(username);
        var ids = await db.Set<User>().AsNoTracking().Where(u => u.Username == normalized).Select(u => u.Id).ToListAsync(ct);
        return ids.Count == 0 ? null : UserId.From(ids[0]);
    }

    public async Task<string?> DisplayNameAsync(UserId user, CancellationToken ct) =>
        (await db.Set<User>().AsNoTracking().Where(u => u.Id == user.Value).Select(u => u.DisplayName).ToListAsync(ct)).FirstOrDefault();
}
