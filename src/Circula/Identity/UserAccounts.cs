using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Identity;

/// <summary>
/// Changes to accounts: a user's own phone; an admin's change of someone's roles, or disabling them, which take effect on
/// the user's access tokens already issued within a second on every replica (<see cref="SecurityChanges"/>).
/// </summary>
public sealed class UserAccounts(CirculaDbContext db, PiiProtector pii, TokenService tokens, SecurityChanges changes, ILogger<UserAccounts> logger)
{
    public async Task<Result<User>> SetPhoneAsync(long userId, SetPhoneRequest request, CancellationToken ct)
    {
        if (await FindAsync(userId, ct) is not { } user)
        {
            return DomainError.NotFound("The signed-in user");
        }

        user.SetPhone(pii.Encrypt(request.Phone), pii.Hash(request.Phone));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {UserId} set phone {Phone}", userId, PiiMask.Phone(request.Phone));
        return user;
    }

    /// <summary>Takes effect on the user's next request; an admin cannot take their own admin role away.</summary>
    public async Task<Result<User>> SetRolesAsync(long actorId, long userId, SetRolesRequest request, CancellationToken ct)
    {
        if (userId == actorId && !request.Roles.Contains(Roles.Admin, StringComparer.Ordinal))
        {
            return DomainError.Conflict("cannot_demote_self", "You cannot remove your own admin role; ask another admin.");
        }

        if (await FindAsync(userId, ct) is not { } user)
        {
            return UnknownUser();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.ReplaceRoles(request.Roles);
        await db.SaveChangesAsync(ct);
        await changes.RecordAsync(userId, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("User {ActorId} set roles of user {UserId} to {Roles}", actorId, userId, user.Roles);
        return user;
    }

    /// <summary>Disables the account and ends all its sign-ins, their access tokens included.</summary>
    public async Task<Result<User>> DisableAsync(long actorId, long userId, CancellationToken ct)
    {
        if (userId == actorId)
        {
            return DomainError.Conflict("cannot_disable_self", "You cannot disable your own account.");
        }

        if (await FindAsync(userId, ct) is not { } user)
        {
            return UnknownUser();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.Disable();
        await db.SaveChangesAsync(ct);
        await tokens.EndAllSignInsAsync(userId, RevokeReason.AccountDisabled, ct);
        await transaction.CommitAsync(ct);
        return user;
    }

    private Task<User?> FindAsync(long userId, CancellationToken ct) => db.Set<User>().FirstOrDefaultAsync(u => u.Id == userId, ct);

    private static DomainError UnknownUser() => DomainError.NotFound("The user");
}
