using System.Security.Claims;
using Circula.Data;
using Circula.Identity.Contracts;
using Circula.Shared;
using Circula.Shared.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Circula.Identity.Endpoints;

/// <summary>A user as operators see them: the phone is always masked.</summary>
public sealed record AdminUserSummary(long Id, string? Username, string DisplayName, IReadOnlyList<string> Roles, string? Phone, bool HasWeChat, bool IsDisabled, DateTime CreatedAt)
{
    public static AdminUserSummary From(User u, PiiProtector pii) =>
        new(u.Id, u.Username, u.DisplayName, u.Roles, u.MaskedPhone(pii), u.WeChatOpenId is not null, u.IsDisabled, u.CreatedAt);
}

/// <summary>User administration: operators may look, only admins may change roles or disable accounts (<see cref="UserAccounts"/>).</summary>
public static class AdminUsers
{
    public static async Task<Results<Ok<PagedList<AdminUserSummary>>, ProblemHttpResult>> List(
        string? phone, string? role, int? page, int? pageSize, CirculaDbContext db, PiiProtector pii, CancellationToken ct)
    {
        var (p, size) = (page ?? 1, pageSize ?? 20);
        if (ValidateFilter(phone, role, p, size) is { } invalid)
        {
            return invalid;
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
        return TypedResults.Ok(new PagedList<AdminUserSummary>([.. users.Select(u => AdminUserSummary.From(u, pii))], p, size, total));
    }

    public static async Task<Results<Ok<AdminUserSummary>, ProblemHttpResult>> SetRoles(
        long id, SetRolesRequest request, ClaimsPrincipal principal, UserAccounts accounts, PiiProtector pii, CancellationToken ct) =>
        (await accounts.SetRolesAsync(principal.UserId(), id, request, ct)).ToOk(u => AdminUserSummary.From(u, pii));

    public static async Task<Results<Ok<AdminUserSummary>, ProblemHttpResult>> Disable(
        long id, ClaimsPrincipal principal, UserAccounts accounts, PiiProtector pii, CancellationToken ct) =>
        (await accounts.DisableAsync(principal.UserId(), id, ct)).ToOk(u => AdminUserSummary.From(u, pii));

    /// <summary>The list's query string, checked in one place: 422 validation_failed with every bad field.</summary>
    private static ProblemHttpResult? ValidateFilter(string? phone, string? role, int page, int pageSize)
    {
        var errors = new FieldErrors();
        errors.CheckPaging(page, pageSize);
        if (!string.IsNullOrEmpty(phone))
        {
            errors.Check("phone", phone);
        }

        if (!string.IsNullOrEmpty(role) && !Roles.All.Contains(role, StringComparer.Ordinal))
        {
            errors.Add("role", $"is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        return errors.Any ? ApiProblems.Validation(errors.ToDictionary()) : null;
    }
}
