using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Circula.Identity;

/// <summary>The signed-in user as they see themselves; the phone is masked even here.</summary>
public sealed record MeResponse(long Id, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, string? Phone, bool HasWeChat);

public sealed record SetPhoneRequest(string Phone) : IValidatable
{
    public void Validate(FieldErrors errors) => errors.Check("phone", Phone);
}

public static class Me
{
    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Get(ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.UserId(), ct);
        if (user is null)
        {
            return ApiProblems.NotFound("The signed-in user");
        }

        // Roles come from the database, not the token: a change by an admin shows here at once.
        return TypedResults.Ok(new MeResponse(user.Id, user.DisplayName, user.Roles, [.. Permissions.ForRoles(user.Roles)],
            user.MaskedPhone(pii), user.WeChatOpenId is not null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetPhone(
        SetPhoneRequest request, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, ILogger<SetPhoneRequest> logger, CancellationToken ct)
    {
        var userId = principal.UserId();
        var (cipher, hash) = (pii.Encrypt(request.Phone), pii.Hash(request.Phone));
        var updated = await db.Set<User>().Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PhoneCipher, cipher).SetProperty(u => u.PhoneHash, hash), ct);
        if (updated == 0)
        {
            return ApiProblems.NotFound("The signed-in user");
        }

        logger.LogInformation("User {UserId} set phone {Phone}", userId, PiiMask.Phone(request.Phone));
        return TypedResults.NoContent();
    }
}
