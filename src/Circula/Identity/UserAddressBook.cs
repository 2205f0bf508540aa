using Circula.Data;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity;

/// <summary>A user's addresses: at most <see cref="MaxPerUser"/>, exactly one of them the default once there is any.</summary>
public sealed class UserAddressBook(CirculaDbContext db, PiiProtector pii, TimeProvider clock)
{
    public const int MaxPerUser = 20;

    /// <summary>Adds the address; it becomes the default when asked to or when it is the user's first.</summary>
    public async Task<Result<UserAddress>> AddAsync(long userId, AddressRequest request, CancellationToken ct)
    {
        var addresses = db.Set<UserAddress>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A no-op write to the user's row locks it (PostgreSQL row lock; SQLite's write lock), so parallel adds
        // of one user count one after another and the limit holds.
        await db.Set<User>().Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, u => u.DisplayName), ct);
        var count = await addresses.CountAsync(a => a.UserId == userId, ct);
        if (count >= MaxPerUser)
        {
            return DomainError.Invalid("address_limit_reached", $"A user can keep at most {MaxPerUser} addresses; delete one first.");
        }

        var isDefault = request.IsDefault || count == 0;
        if (isDefault)
        {
            await addresses.Where(a => a.UserId == userId && a.IsDefault).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDefault, false), ct);
        }

        var address = UserAddress.Create(userId, request, isDefault, pii, clock.GetUtcNow().UtcDateTime);
        addresses.Add(address);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return address;
    }
}
