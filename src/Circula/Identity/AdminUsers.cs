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

/// <summary>A user as operators see them: the phone is always masked.</summary>
public sealed record AdminUserSummary(long Id, string? Username, string DisplayName, IReadOnlyList<string> Roles, string? Phone, bool HasWeChat, bool IsDisabled, DateTime CreatedAt);

public sealed record SetRolesRequest(IReadOnlyList<string> Roles) : IValidatable
{
    public void Validate(FieldErrors errors)
    {
        if (Roles is null || Roles.Count == 0)
        {
            errors.Add("roles", "must name at least one role.");
            return;
        }

        for (var i = 0; i < Roles.Count; i++)
        {
            if (!Contracts.Roles.All.Contains(Roles[i], StringComparer.Ordinal))
            {
                errors.Add($"roles[{i}]", $"is not a role; use one of {string.Join(", ", Contracts.Roles.All)}.");
            }
        }
    }
}

/// <summary>User administration: operators may look, only admins may change roles or disable accounts.</summary>
public static class AdminUsers
{
    public static async Task<Results<Ok<PagedList<AdminUserSummary>>, ProblemHttpResult>> List(
        string? phone, string? role, int? page, int? pageSize, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 20);
        var errors = new FieldErrors();
        errors.CheckPaging(p, size);
        if (!string.IsNullOrEmpty(phone))
        {
            errors.Check("phone", phone);
        }

        if (!string.IsNullOrEmpty(role) && !Roles.All.Contains(role, StringComparer.Ordinal))
        {
            errors.Add("role", $"is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        if (errors.Any)
        {
            return ApiProblems.Validation(errors.ToDictionary());
        }

        var query = db.Set<User>().AsNoTracking();
        if (!string.IsNullOrEmpty(phone))
        {
            // Phones are stored encrypted; the keyed hash finds them without decrypting every row.
            var hash = pii.Hash(phone);
            query = query.Where(u => u.PhoneHash == hash);
        }

        if (!string.IsNullOrEmpty(role))
        {
            query = query.Where(u => u.Roles.Contains(role));
        }

        var (users, total) = await query.OrderBy(u => u.Id).PageAsync(p, size, ct);
        return TypedResults.Ok(new PagedList<AdminUserSummary>([.. users.Select(u => Summarize(u, pii))], p, size, total));
    }

    public static async Task<Results<Ok<AdminUserSummary>, ProblemHttpResult>> SetRoles(
        long id, SetRolesRequest request, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, ILogger<SetRolesRequest> logger, CancellationToken ct)
    {
        if (id == principal.UserId() && !request.Roles.Contains(Roles.Admin, StringComparer.Ordinal))
        {
            return ApiProblems.Conflict("cannot_demote_self", "You cannot remove your own admin role; ask another admin.");
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return ApiProblems.NotFound("The user");
        }

        user.Roles = [.. request.Roles.Distinct(StringComparer.Ordinal)];
        await db.SaveChangesAsync(ct);
        logger.LogInformation("User {ActorId} set roles of user {UserId} to {Roles}", principal.UserId(), id, user.Roles);
        return TypedResults.Ok(Summarize(user, pii));
    }

    /// <summary>Disables the account and ends all its sign-ins; access tokens already issued expire within minutes.</summary>
    public static async Task<Results<Ok<AdminUserSummary>, ProblemHttpResult>> Disable(
        long id, ClaimsPrincipal principal, CirculaDbContext db, PiiProtector pii, TokenService tokens, CancellationToken ct)
    {
        if (id == principal.UserId())
        {
            return ApiProblems.Conflict("cannot_disable_self", "You cannot disable your own account.");
        }

        var user = await db.Set<User>().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return ApiProblems.NotFound("The user");
        }

        user.IsDisabled = true;
        await db.SaveChangesAsync(ct);
        await tokens.RevokeAllOfUserAsync(id, TokenRefresh.AccountDisabled, ct);
        return TypedResults.Ok(Summarize(user, pii));
    }

    private static AdminUserSummary Summarize(User u, PiiProtector pii) =>
        new(u.Id, u.Username, u.DisplayName, u.Roles, u.MaskedPhone(pii),
            u.WeChatOpenId is not null, u.IsDisabled, u.CreatedAt);
}
