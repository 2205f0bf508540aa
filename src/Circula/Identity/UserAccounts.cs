using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Identity;

/// <summary>Changes to accounts: a user's own phone; an admin's change of someone's roles, or disabling them.</summary>
public sealed class UserAccounts(CirculaDbContext db, PiiProtector pii, TokenService tokens, ILogger<UserAccounts> logger)
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

    /// <summary>Takes effect in the user's next access token; an admin cannot take their own admin role away.</summary>
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

        user.ReplaceRoles(request.Roles);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {ActorId} set roles of user {UserId} to {Roles}", actorId, userId, user.Roles);
        return user;
    }

    /// <summary>Disables the account and ends all its sign-ins; access tokens already issued expire within minutes.</summary>
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

        user.Disable();
        await db.SaveChangesAsync(ct);
        await tokens.RevokeAllOfUserAsync(userId, RevokeReason.AccountDisabled, ct);
        return user;
    }

    private Task<User?> FindAsync(long userId, CancellationToken ct) => db.Set<User>().FirstOrDefaultAsync(u => u.Id == userId, ct);

    private static DomainError UnknownUser() => DomainError.NotFound("The user");
}
