using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Circula.Shared.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity.Endpoints;

/// <summary>The signed-in user as they see themselves; the phone is masked even here.</summary>
public sealed record MeResponse(long Id, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, string? Phone, bool HasWeChat);

public static class Me
{
    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Get(ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var user = await db.Set<User>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == principal.UserId(), ct);
        if (user is null)
        {
            return DomainError.NotFound("The signed-in user").ToProblem();
        }

        // Roles come from the database, not the token: a change by an admin shows here at once.
        return TypedResults.Ok(new MeResponse(user.Id, user.DisplayName, user.Roles, [.. Permissions.ForRoles(user.Roles)],
            user.MaskedPhone(pii), user.WeChatOpenId is not null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetPhone(
        SetPhoneRequest request, ClaimsPrincipal principal, UserAccounts accounts, CancellationToken ct) =>
        (await accounts.SetPhoneAsync(principal.UserId(), request, ct)).ToNoContent();
}
