using Circula.Data;
using Circula.Identity.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

internal sealed class WeChatBindings(CirculaDbContext db) : IWeChatBindings
{
    public Task<string?> GetOpenIdAsync(long userId, CancellationToken ct) =>
        db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => u.WeChatOpenId).FirstOrDefaultAsync(ct);
}
